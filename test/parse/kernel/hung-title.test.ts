import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../../src/index.js';

const FIXTURE = new URL('../../fixtures/kernel/x86-hung-task-sched-only.log', import.meta.url).pathname;

describe('a hung task whose trace is only scheduler frames', () => {
  it('is titled for what is known, not "task hung in corrupted", and speaks of its own task', async () => {
    const report = await analyze([sourceFromText('hung.log', readFileSync(FIXTURE, 'utf8'))]);
    const hung = report.events.find((e) => e.kind === 'hung-task');
    expect(hung).toMatchObject({ comm: 'systemd-journal', pid: 512, blockedSeconds: 122 });
    expect(hung!.title).toBe('INFO: task hung');
    // syzkaller's own title (its dedup key) is kept as it would print it.
    expect(hung!.details).toMatchObject({ syzkallerTitle: 'INFO: task hung in corrupted', titleCorrupted: true });
    expect(report.verdict.summary).toContain('systemd-journal (pid 512) was blocked for more than 122 s');
    expect(report.verdict.summary).not.toMatch(/a CPU|corrupted/);
  });
});
