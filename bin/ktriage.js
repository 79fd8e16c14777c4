#!/usr/bin/env node
// Thin launcher: the CLI is compiled and bundled to lib/cli/ by `npm run build` (run by `npm ci`
// through `prepare`; rollup.cli.config.js).
import { main } from '../lib/cli/ktriage.js';

// `ktriage analyze … | head` closes the pipe early: the reader has what it wanted, so stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
