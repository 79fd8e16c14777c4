#!/usr/bin/env node
// Thin launcher: the CLI is compiled to lib/ by `npm run build` (run by `npm ci` through `prepare`).
import { main } from '../lib/src/cli/main.js';

// `ktriage analyze … | head` closes the pipe early: the reader has what it wanted, so stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
