// The Action remembers (issue #15 item 4): the `history` input, read against incidents the engine
// analyses from real fixtures — node-7's CPU2_DIMM_F0 failing on 2024-03-23 (GHES, fatal) and
// again on 2024-03-27 (EDAC), node-7's DIMM_B2 on 2024-03-30, the same slot name on node-9, and
// the reference incident on node-2. Each history is built by analysing those folders, as earlier
// runs of the Action would have written it.
import { cp, mkdir, mkdtemp, readdir, readFile, symlink, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { recall } from '../../src/action/history.js';
import { collectSources } from '../../src/cli/inputs.js';
import { analyze } from '../../src/engine.js';
import { renderReport } from '../../src/render/index.js';
import type { IncidentSummary, Report } from '../../src/report/types.js';
import { ROOT } from './harness.js';
import { runInProcess } from './in-process.js';

const FLEET = join(ROOT, 'test/fixtures/fleet');
const HISTORY = 'history/incidents.jsonl';

afterEach(() => {
  vi.unstubAllEnvs();
  vi.restoreAllMocks();
  process.exitCode = undefined;
});

let reports: Record<'f0First' | 'f0Again' | 'b2' | 'node9' | 'reference', Report & { summary: IncidentSummary }>;

beforeAll(async () => {
  const analysed = async (path: string) => analyze((await collectSources([path])).sources);
  reports = {
    f0First: await analysed(join(FLEET, 'node-7-2024-03-23')),
    f0Again: await analysed(join(FLEET, 'node-7-2024-03-27')),
    b2: await analysed(join(FLEET, 'node-7-2024-03-30')),
    node9: await analysed(join(FLEET, 'node-9-2024-03-27')),
    reference: await analysed(join(ROOT, 'examples/incident-2024-03-27')),
  };
});

/** A checkout: the incident folder under `incident/`, and the history (when given) as these lines. */
async function workspace(incident: string, history?: string[]): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
  await cp(join(FLEET, incident), join(dir, 'incident'), { recursive: true });
  if (history) {
    await mkdir(join(dir, 'history'));
    await writeFile(join(dir, HISTORY), history.map((line) => `${line}\n`).join(''));
  }
  return dir;
}

const lines = async (path: string) => (await readFile(path, 'utf8')).split('\n').slice(0, -1);

describe('history', () => {
  it('the same DIMM failing again on the same host: recurrence part, Seen before names the earlier line and its date, the history is appended', async () => {
    // The first line a saved report (`analyze --format json`, pretty-printed JSON made one line), the second a bare summary.
    const before = [JSON.stringify(JSON.parse(renderReport(reports.node9, 'json'))), JSON.stringify(reports.f0First.summary)];
    const ws = await workspace('node-7-2024-03-27', before);
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, ws);
    expect(result.failed).toBe(false);
    expect(result.outputs['recurrence']).toBe('part');

    const markdown = await readFile(result.outputs['report_markdown']!, 'utf8');
    // Under the host it is about, where a reader looks before the folded details.
    expect(markdown).toContain('**Host:** node-7\n\n**Seen before**\n\n');
    expect(markdown).toContain('- **Same part on this host:** CPU2\\_DIMM\\_F0 (`node-7\\|dimm\\|CPU2_DIMM_F0`): `history/incidents.jsonl:2` (2024-03-23 10:02 UTC)');
    // node-9's slot of the same name is another host's part: not seen before.
    expect(markdown).not.toContain('incidents.jsonl:1');

    // The history written is the history read, line for line, and this incident's summary.
    const written = result.outputs['history_file']!;
    expect(written).toBe(join(result.outputs['report_json']!, '..', 'history.jsonl'));
    expect(await lines(written)).toEqual([...before, JSON.stringify(result.report!.summary)]);
    expect(JSON.parse((await lines(written))[2]!)).toEqual(reports.f0Again.summary);
    // The input file is left as it was.
    expect(await lines(join(ws, HISTORY))).toEqual(before);
  });

  it('an unrelated history: recurrence none, and the section says what was searched', async () => {
    const before = [JSON.stringify(reports.node9.summary), JSON.stringify(reports.reference.summary)];
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, await workspace('node-7-2024-03-27', before));
    expect(result.outputs['recurrence']).toBe('none');
    const markdown = await readFile(result.outputs['report_markdown']!, 'utf8');
    expect(markdown).toContain('**Seen before**\n\nNo earlier incident in `history/incidents.jsonl` (2 earlier incidents) shares this host, a hardware part or the lockup signature.');
    expect(await lines(result.outputs['history_file']!)).toEqual([...before, JSON.stringify(reports.f0Again.summary)]);
  });

  it('the same host, another DIMM: recurrence host', async () => {
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, await workspace('node-7-2024-03-30', [JSON.stringify(reports.f0First.summary), JSON.stringify(reports.node9.summary)]));
    expect(result.outputs['recurrence']).toBe('host');
    const markdown = await readFile(result.outputs['report_markdown']!, 'utf8');
    expect(markdown).toContain('- **Same host** (node-7): `history/incidents.jsonl:1` (2024-03-23 10:02 UTC)');
    expect(markdown).not.toContain('Same part on this host');
  });

  it('counts and names lines it cannot read, keeps them in the history written, and still compares the rest', async () => {
    const newer = JSON.stringify({ ...reports.f0First.summary, summaryVersion: 2 });
    const before = ['{"summaryVersion":1,"hostname":"node-7"', JSON.stringify(reports.f0First.summary), '', newer, '["not", "ours"]'];
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, await workspace('node-7-2024-03-27', before));
    expect(result.failed).toBe(false);
    expect(result.outputs['recurrence']).toBe('part');
    expect(result.stdout).toContain(
      '::warning title=ktriage input,file=history/incidents.jsonl::`history/incidents.jsonl`: 3 lines not read as an incident: line 1 (not JSON), line 4 (summary version 2, this ktriage reads 1), line 5 (not a ktriage report or summary); kept as they are in history_file',
    );
    expect(await lines(result.outputs['history_file']!)).toEqual([...before, JSON.stringify(reports.f0Again.summary)]);
  });

  it('a history that does not exist yet: a notice, recurrence none, and a history of this one incident (without the input: none of it)', async () => {
    const ws = await workspace('node-7-2024-03-27');
    const without = await runInProcess({ paths: 'incident' }, ws);
    expect(without.outputs['recurrence']).toBeUndefined();
    expect(without.outputs['history_file']).toBeUndefined();
    expect(await readFile(without.outputs['report_markdown']!, 'utf8')).not.toContain('Seen before');
    vi.unstubAllEnvs();
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, ws);
    expect(result.failed).toBe(false);
    expect(result.stdout).toContain('::notice::history history/incidents.jsonl does not exist yet: nothing to compare with; history_file starts it with this incident');
    expect(result.outputs['recurrence']).toBe('none');
    expect(await lines(result.outputs['history_file']!)).toEqual([JSON.stringify(reports.f0Again.summary)]);
    expect(await readFile(result.outputs['report_markdown']!, 'utf8')).toContain('Earlier incidents were not looked up: history/incidents.jsonl does not exist yet');
  });

  it('the same incident analysed again (a re-run) is not its own recurrence: its earlier line is replaced', async () => {
    const before = [JSON.stringify(reports.f0First.summary), JSON.stringify(reports.f0Again.summary)];
    const result = await runInProcess({ paths: 'incident', history: HISTORY }, await workspace('node-7-2024-03-27', before));
    expect(result.outputs['recurrence']).toBe('part');
    const markdown = await readFile(result.outputs['report_markdown']!, 'utf8');
    expect(markdown).toContain('`history/incidents.jsonl:1` (2024-03-23 10:02 UTC)');
    expect(markdown).not.toContain('incidents.jsonl:2');
    expect(result.stdout).toContain('history history/incidents.jsonl: line 2 held this same incident (same host and time), analysed before: replaced by this analysis');
    expect(await lines(result.outputs['history_file']!)).toEqual([before[0], JSON.stringify(reports.f0Again.summary)]);
  });

  it('takes no history from outside the workspace, directly or through a link, and no folder', async () => {
    const outside = await mkdtemp(join(tmpdir(), 'ktriage-elsewhere-'));
    await writeFile(join(outside, 'incidents.jsonl'), `${JSON.stringify(reports.f0First.summary)}\n`);
    const ws = await workspace('node-7-2024-03-27', []);
    await symlink(join(outside, 'incidents.jsonl'), join(ws, 'linked.jsonl'));
    for (const given of [join(outside, 'incidents.jsonl'), '../x.jsonl', 'linked.jsonl']) {
      const result = await runInProcess({ paths: 'incident', history: given }, ws);
      expect(result.failed).toBe(true);
      expect(result.stdout).toContain(`::error::input history must name a file inside the workspace; "${given}" is outside it`);
      expect(result.outputs['recurrence']).toBeUndefined();
      vi.unstubAllEnvs();
      process.exitCode = undefined;
    }
    const folder = await runInProcess({ paths: 'incident', history: 'history' }, ws);
    expect(folder.stdout).toContain('::error::input history names a folder ("history"); it must name a JSON Lines file');
  });
});

describe('history that cannot be read', () => {
  it('warns, leaves recurrence unknown and writes no history, so half a history is never committed', async () => {
    const ws = await workspace('node-7-2024-03-27', []);
    // A link to itself: there, but never readable (ELOOP), whoever runs the step.
    await symlink('loop.jsonl', join(ws, 'history', 'loop.jsonl'));
    const result = await runInProcess({ paths: 'incident', history: 'history/loop.jsonl' }, ws);
    expect(result.failed).toBe(false);
    expect(result.stdout).toMatch(/::warning title=ktriage input,file=history\/loop\.jsonl::history: history\/loop\.jsonl could not be read: ELOOP[^\n]*; no history_file was written/);
    expect(result.outputs['recurrence']).toBeUndefined();
    expect(result.outputs['history_file']).toBeUndefined();
    expect(await readdir(join(result.outputs['report_json']!, '..'))).not.toContain('history.jsonl');
    expect(await readFile(result.outputs['report_markdown']!, 'utf8')).toContain('Earlier incidents were not looked up: history/loop.jsonl could not be read: ELOOP');
  });

  it('a read that fails part way leaves nothing behind: no history written, no temporary file', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-history-'));
    await mkdir(join(dir, 'folder.jsonl'));
    const result = await recall({ path: join(dir, 'folder.jsonl'), name: 'folder.jsonl' }, reports.f0Again.summary, join(dir, 'out.jsonl'));
    expect(result).toMatchObject({ status: 'failed', related: [] });
    expect(result.why).toMatch(/^folder\.jsonl could not be read: EISDIR/);
    expect(result.written).toBeUndefined();
    expect(await readdir(dir)).toEqual(['folder.jsonl']);
  });
});

describe('recall', () => {
  it('streams a long history: every line copied, only the related incidents kept', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'ktriage-history-'));
    const unrelated = JSON.stringify(reports.node9.summary);
    const count = 20_000;
    // A history without a final newline, as an editor may leave it: the appended line still starts a line of its own.
    const text = `${Array.from({ length: count }, (_, i) => (i === 12_345 ? JSON.stringify(reports.f0First.summary) : unrelated)).join('\n')}`;
    await writeFile(join(dir, 'long.jsonl'), text);
    const result = await recall({ path: join(dir, 'long.jsonl'), name: 'long.jsonl' }, reports.f0Again.summary, join(dir, 'out.jsonl'));
    expect(result.status).toBe('read');
    expect(result.incidents).toBe(count);
    expect(result.related.map((incident) => incident.id)).toEqual(['long.jsonl:12346']);
    expect(await readFile(join(dir, 'out.jsonl'), 'utf8')).toBe(`${text}\n${JSON.stringify(reports.f0Again.summary)}\n`);
  });
});

