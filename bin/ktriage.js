#!/usr/bin/env node
// Thin launcher: the CLI is compiled and bundled to lib/cli/ by `npm run build` (run by `npm ci`
// through `prepare`; rollup.cli.config.js).
import { prestartScanningThreads } from '../lib/src/ingest/search/threads.js';

// A big log is searched on worker threads, which take 0.1–0.2 s to start: start them now, while
// the CLI loads (threads.ts; the paths are the command's arguments that name big files).
if (process.argv[2] === 'analyze') prestartScanningThreads(process.argv.slice(3));

const { main } = await import('../lib/cli/ktriage.js');

// `ktriage analyze … | head` closes the pipe early: the reader has what it wanted, so stop quietly.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

process.exitCode = await main(process.argv.slice(2));
