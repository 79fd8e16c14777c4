#!/usr/bin/env node
// What the SEL parsers cost on a big host log that holds no SEL at all (the common case: every
// line of /var/log/messages goes past every SEL format row). Baseline measured in the same run:
// the same input through the same ingest with the SEL parsers left out.
// Usage: npm run build && node scripts/bench-sel.mjs [megabytes]
import { ingestSource } from '../lib/src/ingest/index.js';
import { sourceFromText } from '../lib/src/ingest/source.js';
import { emptyBundle } from '../lib/src/model/records.js';
import { PARSERS } from '../lib/src/parse/registry.js';
import { selParsers } from '../lib/src/parse/sel/index.js';

const megabytes = Number(process.argv[2] ?? 20);
const lines = [];
let size = 0;
for (let i = 0; size < megabytes * 1024 * 1024; i++) {
  const s = String(i % 60).padStart(2, '0');
  const line =
    i % 3 === 0
      ? `Mar 27 20:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s} node-2 kernel: [${(i / 10).toFixed(6).padStart(12, ' ')}] nvme nvme0: I/O ${i} QID 7 timeout, completion polled`
      : `Mar 27 20:${String(Math.floor(i / 60) % 60).padStart(2, '0')}:${s} node-2 etcd[17285]: {"level":"warn","ts":"2024-03-27T12:48:45.46512Z","msg":"request ${i} took too long","took":"1.2s"}`;
  lines.push(line);
  size += line.length + 1;
}
const text = `${lines.join('\n')}\n`;
const withoutSel = PARSERS.filter((p) => !selParsers.includes(p));

async function run(parsers) {
  const start = process.hrtime.bigint();
  const report = await ingestSource(sourceFromText('messages', text), parsers, emptyBundle());
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, lines: report.lines };
}

// Warm up both paths, then alternate to spread noise evenly.
await run(withoutSel);
await run(PARSERS);
const base = [];
const full = [];
for (let i = 0; i < 3; i++) {
  base.push((await run(withoutSel)).ms);
  full.push((await run(PARSERS)).ms);
}
const median = (xs) => [...xs].sort((a, b) => a - b)[1];
const b = median(base);
const f = median(full);
console.log(`${megabytes} MB, ${lines.length} lines of syslog without SEL content`);
console.log(`baseline (no SEL parsers): ${b.toFixed(0)} ms   with SEL parsers: ${f.toFixed(0)} ms   SEL share: ${(((f - b) / f) * 100).toFixed(1)}%`);
