// Properties every input must satisfy, shared by the bounded run in `npm test`
// (test/fuzz/engine.test.ts) and the long run of `npm run fuzz` (scripts/fuzz.ts):
//  - the engine returns a report for anything (random bytes, any fixture cut anywhere, any
//    line-level mutation of a real log), and every input is in it;
//  - ingest's work is linear: each logical line reaches each parser exactly once, and no more
//    text reaches the parsers than the input decoded to.
// Time is bounded through those counts, never through a clock.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import fc from 'fast-check';
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

export interface RunSizes {
  randomBytes: number;
  truncations: number;
  mutations: number;
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
  return { cases };
}
