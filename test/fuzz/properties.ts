// Properties every input must satisfy, shared by the bounded run in `npm test`
// (test/fuzz/engine.test.ts) and the long run of `npm run fuzz` (scripts/fuzz.ts):
//  - the engine returns a report for anything (random bytes, any fixture cut anywhere, any
//    line-level mutation of a real log), and every input is in it;
//  - ingest's work is linear: each logical line reaches each parser exactly once, and no more
//    text reaches the parsers than the input decoded to.
// Time is bounded through those counts, never through a clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdir, mkdtemp, realpath, rm, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import fc from 'fast-check';
import { resolveFiles } from '../../src/action/files.js';
import { collectSources, skippedInput } from '../../src/cli/inputs.js';
import { analyze, sourceFromBytes, type IngestLimits, type InputReport } from '../../src/index.js';
import { ingest } from '../../src/ingest/index.js';
import { emptyBundle, type ParserFactory } from '../../src/model/records.js';
import { PARSERS } from '../../src/parse/registry.js';

const ROOT = join(import.meta.dirname, '..', '..');

/** Small caps so a cut archive or bomb costs little; the properties hold whatever the caps. */
export const FUZZ_LIMITS: Partial<IngestLimits> = { maxExpandedBytes: 4 * 1024 * 1024, ratioGraceBytes: 256 * 1024 };

export interface Fixture {
  name: string;
  bytes: Uint8Array;
}

/** Every fixture of the project (test/fixtures and examples), as bytes. */
export function loadFixtures(): Fixture[] {
  const out: Fixture[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir).sort()) {
      const path = join(dir, entry);
      if (statSync(path).isDirectory()) walk(path);
      else if (!entry.endsWith('.md') && !entry.endsWith('.tsv')) out.push({ name: relative(ROOT, path), bytes: readFileSync(path) });
    }
  };
  walk(join(ROOT, 'test', 'fixtures'));
  walk(join(ROOT, 'examples'));
  return out;
}

/** Runs ingest with every parser wrapped to count what it is fed. */
async function countedIngest(name: string, bytes: Uint8Array) {
  let feeds = 0;
  let chars = 0;
  let segments = 0;
  const counted: ParserFactory[] = PARSERS.map((factory) => ({
    kind: factory.kind,
    create(ctx) {
      if (factory === PARSERS[0]) segments++;
      const parser = factory.create(ctx);
      return {
        kind: parser.kind,
        feed(line) {
          feeds++;
          chars += line.text.length;
          return parser.feed(line);
        },
        end: () => parser.end(),
      };
    },
  }));
  const inputs = await ingest(sourceFromBytes(name, bytes), counted, emptyBundle(), { limits: FUZZ_LIMITS });
  return { inputs, feeds, chars, segments };
}

/** The checks every report's accounting must pass. Throws (with what was wrong) otherwise. */
export function checkAccounting(name: string, inputs: InputReport[]): void {
  if (inputs.length === 0 || inputs[0]!.name !== name) throw new Error(`${name}: the input itself is missing from the report`);
  for (const input of inputs) {
    if (input.kinds.length === 0) throw new Error(`${input.name}: no kind`);
    if (input.unparsedLines > input.lines) throw new Error(`${input.name}: more unparsed lines than lines`);
    if (input.lines === 0 && !input.skipped && !input.kinds.includes('archive') && input.bytes > 0 && !input.decoding && input.kinds.every((k) => !k.startsWith('sel'))) {
      throw new Error(`${input.name}: read nothing and says neither why nor what it is`);
    }
    if (input.container !== undefined && !inputs.some((other) => other.name === input.container)) throw new Error(`${input.name}: its archive is not listed`);
  }
}

async function engineSurvives(name: string, bytes: Uint8Array): Promise<void> {
  const report = await analyze([sourceFromBytes(name, bytes)], { limits: FUZZ_LIMITS });
  checkAccounting(name, report.inputs);
  if (typeof report.verdict.summary !== 'string') throw new Error(`${name}: no verdict`);
  // The fast lane (src/ingest/fast-lane.ts) may skim lines, never change the report.
  const full = await analyze([sourceFromBytes(name, bytes)], { limits: FUZZ_LIMITS, fastLane: false });
  if (JSON.stringify(full) !== JSON.stringify(report)) throw new Error(`${name}: the fast lane changed the report`);
}

async function workIsLinear(name: string, bytes: Uint8Array): Promise<void> {
  const { inputs, feeds, chars } = await countedIngest(name, bytes);
  const lines = inputs.reduce((sum, input) => sum + input.lines, 0);
  const textChars = inputs.reduce((sum, input) => sum + (input.decoding?.textBytes ?? 0), 0);
  // Fence lines are counted as lines but not fed; every other line is fed once to each parser.
  if (feeds > lines * PARSERS.length) throw new Error(`${name}: ${feeds} feeds for ${lines} lines × ${PARSERS.length} parsers`);
  if (chars > textChars * PARSERS.length) throw new Error(`${name}: ${chars} characters fed from ${textChars} bytes of text`);
}

/** Line-level edits an operator's copy-paste, a serial line or a crash makes to a log. */
const mutation = fc.oneof(
  fc.record({ op: fc.constant('delete' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('duplicate' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('swap' as const), at: fc.nat() }),
  fc.record({ op: fc.constant('cut' as const), at: fc.nat(), keep: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ op: fc.constant('insert' as const), at: fc.nat(), text: fc.string({ maxLength: 120, unit: 'binary' }) }),
  fc.record({ op: fc.constant('noise' as const), at: fc.nat(), text: fc.constantFrom('\u001b[31m', '\u0000', '\r', '\u0007', '\ufffd', '\t', '```', '    ') }),
);

type Mutation = typeof mutation extends fc.Arbitrary<infer T> ? T : never;

export function mutate(text: string, edits: Mutation[]): string {
  const lines = text.split('\n');
  for (const edit of edits) {
    if (lines.length === 0) lines.push('');
    const at = edit.at % lines.length;
    switch (edit.op) {
      case 'delete':
        lines.splice(at, 1);
        break;
      case 'duplicate':
        lines.splice(at, 0, lines[at]!);
        break;
      case 'swap':
        if (at + 1 < lines.length) [lines[at], lines[at + 1]] = [lines[at + 1]!, lines[at]!];
        break;
      case 'cut':
        lines[at] = lines[at]!.slice(0, Math.floor(lines[at]!.length * edit.keep));
        break;
      case 'insert':
        lines.splice(at, 0, edit.text);
        break;
      case 'noise': {
        const line = lines[at]!;
        const where = line.length === 0 ? 0 : (edit.at >> 3) % line.length;
        lines[at] = line.slice(0, where) + edit.text + line.slice(where);
        break;
      }
    }
  }
  return lines.join('\n');
}


// ---- Inputs that broke the tool as a user gave them (issue #16): folders with symbolic links,
// NUL holes, `journalctl -o json` exports. ----

/** A folder tree with links: where each entry goes, chosen by the fuzzer. */
const linkTree = fc.record({
  folders: fc.array(fc.constantFrom('a', 'b', 'a/c', 'b/d', 'a/c/e'), { maxLength: 5 }),
  files: fc.array(fc.record({ folder: fc.constantFrom('', 'a', 'b', 'a/c', 'b/d'), fixture: fc.nat() }), { maxLength: 6 }),
  links: fc.array(
    fc.record({ folder: fc.constantFrom('', 'a', 'b', 'a/c', 'b/d', 'a/c/e'), target: fc.constantFrom('.', '..', '../..', '/', 'a', '../a', 'b/d', 'missing', 'self', 'OUTSIDE', 'FILE') }),
    { maxLength: 8 },
  ),
});

type LinkTree = typeof linkTree extends fc.Arbitrary<infer T> ? T : never;

/**
 * Builds the tree in a fresh temporary folder, walks it as the CLI and the Action do, and
 * checks: the walk ends; each real file is read at most once and every file under the root
 * that no link is needed to reach is read; nothing outside the root is read; the report
 * accounts for every input and every left-out path.
 */
async function linkedFoldersHold(tree: LinkTree, small: Fixture[]): Promise<void> {
  const root = await mkdtemp(join(tmpdir(), 'ktriage-fuzz-links-'));
  const outside = await mkdtemp(join(tmpdir(), 'ktriage-fuzz-outside-'));
  try {
    await writeFile(join(outside, 'elsewhere.log'), 'Jul  4 03:15:02 db-7 kernel: elsewhere\n');
    const plain = new Set<string>();
    for (const folder of tree.folders) await mkdir(join(root, folder), { recursive: true });
    for (const [i, file] of tree.files.entries()) {
      await mkdir(join(root, file.folder), { recursive: true });
      const path = join(root, file.folder, `f${i}.log`);
      await writeFile(path, small[file.fixture % small.length]!.bytes);
      plain.add(await realpath(path));
    }
    for (const [i, link] of tree.links.entries()) {
      await mkdir(join(root, link.folder), { recursive: true });
      const at = join(root, link.folder, `l${i}`);
      const target = link.target === 'OUTSIDE' ? outside : link.target === 'FILE' ? join(outside, 'elsewhere.log') : link.target === 'self' ? `l${i}` : link.target;
      await symlink(target, at).catch(() => undefined);
    }
    const realRoot = await realpath(root);
    const { sources, unreadable } = await collectSources([root]);
    const reals = await Promise.all(sources.map((s) => realpath(s.name)));
    if (new Set(reals).size !== reals.length) throw new Error(`a file was read twice: ${sources.map((s) => s.name).join(', ')}`);
    for (const real of reals) if (!real.startsWith(`${realRoot}/`)) throw new Error(`read ${real}, outside ${realRoot}`);
    for (const file of plain) if (!reals.includes(file)) throw new Error(`${file} was not read`);
    for (const skip of unreadable) if (!skip.reason) throw new Error(`${skip.path} left out without a reason`);
    const report = await analyze(sources, { limits: FUZZ_LIMITS });
    for (const skip of unreadable) report.inputs.push(skippedInput(skip));
    if (report.inputs.length !== sources.length + unreadable.length) throw new Error('an input is missing from the report');
    const action = await resolveFiles([], root);
    const found = await Promise.all(action.files.map((f) => realpath(f.path)));
    if (new Set(found).size !== found.length) throw new Error('the Action read a file twice');
  } finally {
    await rm(root, { recursive: true, force: true });
    await rm(outside, { recursive: true, force: true });
  }
}

/** Puts runs of NUL bytes (holes: at least 64, up to past the sniffed head) into a text. */
function withHoles(bytes: Uint8Array, holes: { at: number; length: number }[]): { bytes: Uint8Array; nul: number } {
  const parts: Uint8Array[] = [];
  let from = 0;
  let nul = 0;
  for (const hole of [...holes].sort((a, b) => a.at - b.at)) {
    const at = Math.min(bytes.length, hole.at % (bytes.length + 1));
    parts.push(bytes.subarray(from, Math.max(from, at)), new Uint8Array(hole.length));
    from = Math.max(from, at);
    nul += hole.length;
  }
  parts.push(bytes.subarray(from));
  return { bytes: Buffer.concat(parts), nul };
}

/** A text log with NUL holes reads exactly as without them, every NUL byte counted. */
async function holesAreTransparent(fixture: Fixture, holes: { at: number; length: number }[]): Promise<void> {
  const { bytes, nul } = withHoles(fixture.bytes, holes);
  await engineSurvives(fixture.name, bytes);
  await workIsLinear(fixture.name, bytes);
  const [holed, plain] = await Promise.all([analyze([sourceFromBytes(fixture.name, bytes)], { limits: FUZZ_LIMITS }), analyze([sourceFromBytes(fixture.name, fixture.bytes)], { limits: FUZZ_LIMITS })]);
  const input = holed.inputs[0]!;
  const before = plain.inputs[0]!;
  if (!before.decoding || before.decoding.encoding.startsWith('utf-16') || fixture.bytes.length === 0) return;
  if ((input.decoding?.nulBytes ?? 0) !== before.decoding.nulBytes + nul) throw new Error(`${fixture.name}: ${input.decoding?.nulBytes} NUL bytes counted, ${before.decoding.nulBytes + nul} there`);
  if (input.lines !== before.lines || JSON.stringify(holed.events) !== JSON.stringify(plain.events)) throw new Error(`${fixture.name}: the holes changed what was read`);
}

/** One `journalctl -o json` record per line of a log, as a user exports a journal. */
const journalEdit = fc.record({
  bytesMessage: fc.boolean(),
  dropRealtime: fc.boolean(),
  kernel: fc.boolean(),
  cutAt: fc.option(fc.nat(), { nil: undefined }),
  boot: fc.constantFrom('8f2c0a1e5b7d4c3f9a6e1d2b3c4f5a6b', 'a1b2c3d4e5f60718293a4b5c6d7e8f90'),
});

interface JournalEdit {
  bytesMessage: boolean;
  dropRealtime: boolean;
  kernel: boolean;
  cutAt?: number | undefined;
  boot: string;
}

export function journalJson(text: string, edits: JournalEdit[]): string {
  const lines = text.split('\n').filter((line) => line.length > 0);
  let at = 1711543725465120;
  return lines
    .map((line, i) => {
      const edit: JournalEdit = edits[i % Math.max(1, edits.length)] ?? { bytesMessage: false, dropRealtime: false, kernel: true, boot: '8f2c0a1e5b7d4c3f9a6e1d2b3c4f5a6b' };
      at += 1_000_000;
      const record: Record<string, unknown> = {
        __CURSOR: `s=${edit.boot};i=${i.toString(16)}`,
        __REALTIME_TIMESTAMP: String(at),
        __MONOTONIC_TIMESTAMP: String(32407273314 + i),
        _BOOT_ID: edit.boot,
        _HOSTNAME: 'db-7',
        PRIORITY: '4',
        ...(edit.kernel ? { _TRANSPORT: 'kernel', SYSLOG_IDENTIFIER: 'kernel', _SOURCE_MONOTONIC_TIMESTAMP: String(32407273314 + i) } : { _TRANSPORT: 'syslog', SYSLOG_IDENTIFIER: 'systemd', _PID: '1' }),
        // journalctl prints a message that is not valid UTF-8 as an array of bytes.
        MESSAGE: edit.bytesMessage ? [...new TextEncoder().encode(line)] : line,
      };
      if (edit.dropRealtime) delete record['__REALTIME_TIMESTAMP'];
      const json = JSON.stringify(record);
      return edit.cutAt === undefined ? json : json.slice(0, edit.cutAt % (json.length + 1));
    })
    .join('\n');
}

export interface RunSizes {
  randomBytes: number;
  truncations: number;
  mutations: number;
  /** Folder trees with symbolic links, NUL-holed logs, JSON journal exports (0: not run). */
  linkedFolders?: number;
  nulHoles?: number;
  journals?: number;
  maxBytes: number;
  seed?: number;
}

/** Runs the three property families; resolves with how many cases ran, throws on a failure. */
export async function runProperties(fixtures: Fixture[], sizes: RunSizes): Promise<{ cases: number }> {
  let cases = 0;
  const params = (numRuns: number) => ({ numRuns, seed: sizes.seed, endOnFailure: true });
  await fc.assert(
    fc.asyncProperty(fc.uint8Array({ maxLength: sizes.maxBytes }), async (bytes) => {
      cases++;
      await engineSurvives('random.bin', bytes);
      await workIsLinear('random.bin', bytes);
    }),
    params(sizes.randomBytes),
  );
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...fixtures), fc.double({ min: 0, max: 1, noNaN: true }), async (fixture, at) => {
      cases++;
      const cut = fixture.bytes.subarray(0, Math.floor(fixture.bytes.length * at));
      await engineSurvives(fixture.name, cut);
      await workIsLinear(fixture.name, cut);
    }),
    params(sizes.truncations),
  );
  const texts = fixtures.filter((f) => !f.bytes.subarray(0, 4096).includes(0) && f.bytes.length <= 256 * 1024);
  await fc.assert(
    fc.asyncProperty(fc.constantFrom(...texts), fc.array(mutation, { minLength: 1, maxLength: 12 }), async (fixture, edits) => {
      cases++;
      const text = mutate(new TextDecoder().decode(fixture.bytes), edits);
      const bytes = new TextEncoder().encode(text);
      await engineSurvives(fixture.name, bytes);
      await workIsLinear(fixture.name, bytes);
    }),
    params(sizes.mutations),
  );
  const small = texts.filter((f) => f.bytes.length <= 16 * 1024);
  if (sizes.linkedFolders) {
    await fc.assert(
      fc.asyncProperty(linkTree, async (tree) => {
        cases++;
        await linkedFoldersHold(tree, small);
      }),
      params(sizes.linkedFolders),
    );
  }
  if (sizes.nulHoles) {
    // Holes of at least 64 bytes (shorter runs are stray bytes, judged by share), up to past the 64 KiB head.
    const hole = fc.record({ at: fc.nat(), length: fc.oneof(fc.integer({ min: 64, max: 4096 }), fc.integer({ min: 64 * 1024, max: 200 * 1024 })) });
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...texts), fc.array(hole, { minLength: 1, maxLength: 4 }), async (fixture, holes) => {
        cases++;
        await holesAreTransparent(fixture, holes);
      }),
      params(sizes.nulHoles),
    );
  }
  if (sizes.journals) {
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...texts), fc.array(journalEdit, { minLength: 1, maxLength: 8 }), async (fixture, edits) => {
        cases++;
        const bytes = new TextEncoder().encode(journalJson(new TextDecoder().decode(fixture.bytes), edits));
        await engineSurvives(`${fixture.name}.json`, bytes);
        await workIsLinear(`${fixture.name}.json`, bytes);
      }),
      params(sizes.journals),
    );
  }
  return { cases };
}
