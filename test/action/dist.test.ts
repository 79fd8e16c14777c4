// The bundled Action, run as the runner runs it: a fresh `node dist/index.js` per step with
// INPUT_* variables, the runner's files, and GITHUB_API_URL pointing at a stub API.
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile, chmod } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { analyze, type Report } from '../../src/index.js';
import { collectSources } from '../../src/cli/inputs.js';
import { ROOT, TOKEN, runAction, startStubGitHub, type StubGitHub } from './harness.js';

const INCIDENT = 'examples/incident-2024-03-27';
const MARKER = '<!-- ktriage:report -->';
let github: StubGitHub;

beforeAll(async () => {
  github = await startStubGitHub();
});
afterAll(async () => github.close());

async function readReport(path: string): Promise<Report> {
  return JSON.parse(await readFile(path, 'utf8')) as Report;
}

/** A workspace holding a copy of the reference incident under `dir`. */
async function workspaceWithIncident(dir: string): Promise<string> {
  const workspace = await mkdtemp(join(tmpdir(), 'ktriage-ws-'));
  await cp(join(ROOT, INCIDENT), join(workspace, dir), { recursive: true });
  return workspace;
}

describe('dist/index.js on the reference incident', () => {
  it('sets outputs from the report, writes the summary and creates one comment; a second run updates it', async () => {
    const first = await runAction({ paths: INCIDENT, comment_on: 'auto' }, { apiUrl: github.url });
    expect(first.stderr).toBe('');
    expect(first.code).toBe(0);

    // The outputs are the report's verdict, and the bundle analyses exactly like the sources.
    const report = await readReport(first.outputs['report_json']!);
    const { sources } = await collectSources([INCIDENT]);
    expect(report, 'dist/index.js analyses differently from src/: run `npm run bundle` and commit dist/').toEqual(await analyze(sources));
    expect(report.inputs.map((input) => input.name)).toEqual(sources.map((s) => s.name));
    expect(first.outputs['root_cause']).toBe(report.verdict.rootCause);
    expect(first.outputs['confidence']).toBe(report.verdict.confidence);
    expect(first.outputs['summary']).toBe(report.verdict.summary);
    expect(JSON.parse(first.outputs['stuck_cpus']!)).toEqual(report.verdict.stuckCpus);
    expect(first.outputs['target_cpu']).toBe(report.verdict.targetCpu === null ? '' : String(report.verdict.targetCpu));
    expect(await readFile(first.outputs['report_markdown']!, 'utf8')).toContain(`**Verdict:** \`${report.verdict.rootCause}\``);
    expect(first.outputs['report_file']).toBe(first.outputs['report_markdown']);

    // The job summary is the Markdown report, with every input listed.
    expect(first.summary).toContain('### ktriage: ');
    expect(first.summary).toContain(`<summary>Inputs (${sources.length})</summary>`);
    expect(first.summary).toContain('sel-list.txt');
    expect(first.summary).not.toContain('input problem');

    // One list, one create on the event's issue (#12), with the token and the marker.
    const writes = github.requests.filter((r) => r.method !== 'GET');
    expect(writes.map((r) => `${r.method} ${r.path}`)).toEqual(['POST /repos/acme/crash-artifacts/issues/12/comments']);
    expect(writes[0]!.authorization).toBe(`token ${TOKEN}`);
    expect(writes[0]!.body!.body!.startsWith(`${MARKER}\n\n### ktriage: `)).toBe(true);
    const [comment] = github.comments.get(12)!;
    expect(first.outputs['comment_id']).toBe(String(comment!.id));

    const before = github.requests.length;
    const second = await runAction({ paths: INCIDENT, comment_on: '12' }, { apiUrl: github.url });
    expect(second.code).toBe(0);
    const again = github.requests.slice(before).filter((r) => r.method !== 'GET');
    expect(again.map((r) => `${r.method} ${r.path}`)).toEqual([`PATCH /repos/acme/crash-artifacts/issues/comments/${comment!.id}`]);
    expect(github.comments.get(12)).toHaveLength(1);
    expect(second.outputs['comment_id']).toBe(String(comment!.id));
  });

  it('trims a comment over GitHub’s 65,536-character limit with a note, and keeps the summary whole', async () => {
    const workspace = await workspaceWithIncident('incident');
    // 700 extra operator notes: the Inputs table alone outgrows a comment.
    await mkdir(join(workspace, 'notes'));
    await Promise.all(Array.from({ length: 700 }, (_, i) => writeFile(join(workspace, 'notes', `rack-${String(i).padStart(4, '0')}-bmc-serial-console-capture-from-the-oncall-laptop.txt`), `operator note ${i}\n`)));
    const run = await runAction({ paths: 'incident\nnotes', comment_on: '55' }, { apiUrl: github.url, cwd: workspace });
    expect(run.code).toBe(0);
    const [comment] = github.comments.get(55)!;
    expect(comment!.body.length).toBeLessThanOrEqual(65_536);
    expect(comment!.body).toMatch(/Report trimmed to fit GitHub's limit of 65536 characters: left out “Inputs \(706\)”\. The full report is in the job summary of https:\/\/github\.com\/acme\/crash-artifacts\/actions\/runs\/4242\./);
    expect(comment!.body).toContain('**Verdict:** `hardware-memory`');
    expect(run.summary).toContain('<summary>Inputs (706)</summary>');
    expect(run.summary).toContain('rack-0699-bmc-serial-console-capture-from-the-oncall-laptop.txt');
    expect(run.summary).not.toContain('Report trimmed');
  });

  it('comments on the issue a push names in its head commit message', async () => {
    const run = await runAction({ paths: INCIDENT, comment_on: 'auto', comment_key: 'node-2' }, { apiUrl: github.url, event: 'push.json', eventName: 'push' });
    expect(run.code).toBe(0);
    expect(github.comments.get(31)?.map((c) => c.body.split('\n')[0])).toEqual(['<!-- ktriage:report node-2 -->']);
    expect(run.stdout).toContain('#31 in the head commit message');
  });

  // Run from a copy away from the repository, as a runner runs it: no node_modules in reach, so the
  // bundle must load the Capstone it ships (code-bytes.ts requires the package first when it can).
  it('decodes x86 Code: bytes inside the bundle (Capstone ships in dist/), with no node_modules in reach', async () => {
    const away = await mkdtemp(join(tmpdir(), 'ktriage-dist-'));
    try {
      await cp(join(ROOT, 'dist'), join(away, 'dist'), { recursive: true });
      await writeFile(join(away, 'package.json'), '{ "type": "module" }\n');
      const run = await runAction({ paths: 'test/fixtures/waits/constructed/x86-5.14-softlockup.log', format: 'json' }, { entry: join(away, 'dist', 'index.js') });
      expect(run.code, run.stderr).toBe(0);
      const report = await readReport(run.outputs['report_file']!);
      expect(report.inputs[0]!.warnings.join(' ')).not.toMatch(/disassembler unavailable/);
      expect(report.findings.find((f) => f.kind === 'csd-lock-wait')).toMatchObject({ method: 'code-bytes', waitingCpu: 7, targetCpu: 11, csdFlags: 0x11 });
    } finally {
      await rm(away, { recursive: true, force: true });
    }
  });

  it('writes the text report when format is text', async () => {
    const run = await runAction({ paths: INCIDENT, format: 'text' });
    expect(run.code).toBe(0);
    expect(run.outputs['report_file']).toMatch(/report\.txt$/);
    const text = await readFile(run.outputs['report_file']!, 'utf8');
    expect(text).toMatch(/^ktriage \S+ — /);
    expect(run.stdout).toContain(text.split('\n')[0]);
  });

  it('finds the artifacts itself when paths is empty, and leaves other files alone', async () => {
    const workspace = await workspaceWithIncident('incidents/node-2');
    await writeFile(join(workspace, 'README.md'), '# crash artifacts\n');
    await mkdir(join(workspace, 'node_modules/pkg'), { recursive: true });
    await writeFile(join(workspace, 'node_modules/pkg/debug.log'), 'npm noise\n');
    const run = await runAction({}, { cwd: workspace });
    expect(run.code).toBe(0);
    const report = await readReport(run.outputs['report_json']!);
    const { sources } = await collectSources([join(ROOT, INCIDENT)]);
    expect(report.inputs.map((input) => input.name)).toEqual(sources.map((s) => s.name.replace(join(ROOT, INCIDENT), 'incidents/node-2')));
  });
});

describe('fail_on', () => {
  it('hardware: fails the step on the reference incident, after setting every output and annotation', async () => {
    const run = await runAction({ paths: INCIDENT, fail_on: 'hardware' });
    expect(run.code).toBe(1);
    const report = await readReport(run.outputs['report_json']!);
    expect(report.verdict.rootCause).toBe('hardware-memory');
    expect(run.outputs['root_cause']).toBe('hardware-memory');
    expect(JSON.parse(run.outputs['stuck_cpus']!)).toEqual([65]);
    expect(run.outputs['target_cpu']).toBe('0');
    expect(run.stdout).toContain(`::error::fail_on: hardware — root cause hardware-memory (confidence ${report.verdict.confidence}): `);
    // Each finding is annotated on the artifact line its evidence starts at.
    for (const finding of report.findings) {
      const at = finding.evidence[0]!;
      expect(run.stdout).toMatch(new RegExp(`::(warning|notice) title=ktriage%3A ${finding.kind} [^\\n]*,file=${at.input.replace(/[.]/g, '\\.')},line=${at.line}::`));
    }
    expect(report.findings.map((f) => f.kind)).toContain('csd-lock-wait');
  });

  it('hardware: passes on a software-only soft lockup, which fail_on: finding does fail', async () => {
    const paths = 'test/fixtures/action/software-lockup';
    const hardware = await runAction({ paths, fail_on: 'hardware' });
    expect(hardware.code).toBe(0);
    expect(hardware.outputs['root_cause']).toBe('software-lockup');
    expect(JSON.parse(hardware.outputs['stuck_cpus']!)).toEqual([1]);
    expect(hardware.stdout).not.toContain('::error::');
    const finding = await runAction({ paths, fail_on: 'finding' });
    expect(finding.code).toBe(1);
    expect(finding.stdout).toContain('::error::fail_on: finding — root cause software-lockup');
  });
});

describe('dist/index.js on bad input', () => {
  it('reports a pattern matching nothing, a binary file and an unreadable link, and still analyses the rest', async () => {
    const workspace = await workspaceWithIncident('incident');
    // Control bytes with no known file signature: binary by content, not by a magic number.
    await writeFile(join(workspace, 'dump.bin'), Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 7) % 32)));
    await symlink('loop.log', join(workspace, 'loop.log'));
    const run = await runAction({ paths: 'incident\nmissing/*.log, dump.bin\nloop.log' }, { cwd: workspace });
    expect(run.code).toBe(0);
    const messages = ['pattern `missing/*.log` matched no file', '`dump.bin` skipped: binary file', '`loop.log` could not be read: '];
    for (const message of messages) {
      expect(run.stdout).toMatch(new RegExp(`::warning [^\\n]*::${message.replace(/[.*`]/g, (c) => `\\${c}`)}`));
      expect(run.summary).toContain(message);
    }
    expect(run.summary).toContain('**ktriage: 3 input problems**');
    const report = await readReport(run.outputs['report_json']!);
    expect(report.inputs.find((i) => i.name === 'dump.bin')?.kinds).toEqual(['binary']);
    expect(report.inputs.find((i) => i.name === 'loop.log')?.skipped).toMatch(/^could not be read: ELOOP: .*'loop\.log'$/);
    expect(run.summary).not.toContain(workspace);
    expect(report.inputs.filter((i) => i.name.startsWith('incident/'))).toHaveLength(6);
  });

  it.skipIf(process.getuid?.() === 0)('reports a file without read permission', async () => {
    const workspace = await workspaceWithIncident('incident');
    await writeFile(join(workspace, 'secret.log'), 'kernel: hello\n');
    await chmod(join(workspace, 'secret.log'), 0o000);
    const run = await runAction({ paths: 'incident\nsecret.log' }, { cwd: workspace });
    expect(run.code).toBe(0);
    expect(run.summary).toMatch(/`secret\.log` skipped: could not be read: .*EACCES/);
  });

  it('fails with a clear message when nothing at all can be read', async () => {
    const run = await runAction({ paths: 'no/such/folder/*.log' });
    expect(run.code).toBe(1);
    expect(run.stdout).toContain('::error::no readable file matched paths: no/such/folder/*.log');
    expect(run.summary).toContain('### ktriage could not analyse');
    expect(run.summary).toContain('pattern `no/such/folder/*.log` matched no file');
    expect(run.outputs['root_cause']).toBeUndefined();
  });

  it('fails on an input value it cannot use, naming the input', async () => {
    const badGate = await runAction({ paths: INCIDENT, fail_on: 'sometimes' });
    expect(badGate.code).toBe(1);
    expect(badGate.stdout).toContain('::error::input fail_on must be one of never, finding, hardware; got "sometimes"');
    const badOffset = await runAction({ paths: INCIDENT, host_utc_offset: '+25:00' });
    expect(badOffset.code).toBe(1);
    expect(badOffset.stdout).toContain('::error::input host_utc_offset must look like +08:00 or -05:30, got "+25:00"');
    // The summary is Markdown: the message is escaped like any text (`_` reads the same rendered).
    expect(badOffset.summary).toContain('input host\\_utc\\_offset must look like');
  });

  it('fails loudly when the token may not comment, after publishing everything else', async () => {
    github.readOnly.add(77);
    const run = await runAction({ paths: INCIDENT, comment_on: '77' }, { apiUrl: github.url });
    expect(run.code).toBe(1);
    expect(run.stdout).toMatch(/::error::could not comment on #77: Resource not accessible by integration.*issues: write/);
    expect(run.outputs['root_cause']).toBeTruthy();
    expect(run.summary).toContain('### ktriage: ');
  });
});
