// `npx tsx scripts/bench-paths.ts [--files 50000]`: the Action's default `paths` over a
// workspace of many unrelated files, the way main resolved it before (one @actions/glob walk per
// default pattern, 17 of them) against the one walk of src/action/files.ts, in the same run.
// Both must find the same artifacts; the workspace is written to .bench/ and deleted after.
import { create } from '@actions/glob';
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { ALWAYS_EXCLUDED, DEFAULT_ARTIFACTS, resolveFiles } from '../src/action/files.js';

const { values } = parseArgs({ options: { files: { type: 'string', default: '50000' }, keep: { type: 'boolean' } } });
const count = Number(values.files);
const workspace = resolve(import.meta.dirname, '..', '.bench', 'workspace');
rmSync(workspace, { recursive: true, force: true });
// A source tree: 100 files per folder, two levels deep, none of them an artifact.
for (let i = 0; i < count; i++) {
  const dir = join(workspace, 'src', `mod${Math.floor(i / 10000)}`, `pkg${Math.floor(i / 100) % 100}`);
  if (i % 100 === 0) mkdirSync(dir, { recursive: true });
  writeFileSync(join(dir, `file${i % 100}.c`), '');
}
mkdirSync(join(workspace, 'incidents', 'node-2'), { recursive: true });
for (const name of ['console.log', 'messages', 'sel-list.txt', 'dis-x.txt']) writeFileSync(join(workspace, 'incidents', 'node-2', name), 'x\n');

/** The resolver as main had it: one globber, hence one walk, per include pattern. */
async function perPattern(): Promise<string[]> {
  const files = new Set<string>();
  for (const include of DEFAULT_ARTIFACTS.flatMap((row) => row.patterns)) {
    const globber = await create([join(workspace, include), ...ALWAYS_EXCLUDED.map((p) => `!${join(workspace, p.slice(1))}`)].join('\n'), { followSymbolicLinks: false, matchDirectories: false, implicitDescendants: true });
    for (const file of await globber.glob()) files.add(file);
  }
  return [...files].sort();
}

async function time<T>(run: () => Promise<T>): Promise<{ seconds: number; result: T }> {
  const started = process.hrtime.bigint();
  const result = await run();
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, result };
}

const patterns = DEFAULT_ARTIFACTS.flatMap((row) => row.patterns).length;
console.log(`bench-paths: ${count} unrelated files + 4 artifacts, ${patterns} default patterns, node ${process.version}`);
// @actions/core prints `::debug::` lines that only a runner hides.
const write = process.stdout.write.bind(process.stdout);
process.stdout.write = ((chunk: string | Uint8Array, ...rest: never[]) => (String(chunk).startsWith('::debug::') ? true : write(chunk, ...rest))) as typeof process.stdout.write;
const old = await time(perPattern);
const now = await time(async () => (await resolveFiles([], workspace)).files.map((f) => f.path).sort());
if (JSON.stringify(old.result) !== JSON.stringify(now.result)) throw new Error(`the two resolvers disagree:\n${old.result.join('\n')}\n---\n${now.result.join('\n')}`);
console.log(`  one walk per pattern (main before): ${old.seconds.toFixed(2)} s`);
console.log(`  one walk for all patterns (now):    ${now.seconds.toFixed(2)} s  (${(old.seconds / now.seconds).toFixed(1)}× faster, same ${now.result.length} files)`);
if (!values.keep) rmSync(workspace, { recursive: true, force: true });
