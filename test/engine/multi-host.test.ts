// An rsyslog aggregate holds many hosts' lines; each event belongs to the host that sent its line
// (the HOSTNAME field), and the report is about the host of the incident, not the first host seen.
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import { renderText } from '../../src/render/text.js';

const fixture = (name: string) => sourceFromText(name, readFileSync(new URL(`../fixtures/kernel/multi-host/${name}`, import.meta.url), 'utf8'));

describe('multi-host aggregate', () => {
  it('names the host of the incident and only that host’s facts', async () => {
    const report = await analyze([fixture('three-hosts.log')]);
    expect(report.host.hostname).toBe('db-01');
    // app-01 printed `Linux version 5.15.0-105-generic` first; db-01's CPU: line says 5.14.
    expect(report.host.kernelRelease).toBe('5.14.0-362.24.1.el9_3.x86_64');
    expect(report.host.incidentHosts).toBeUndefined();
    const lockup = report.events.find((event) => event.kind === 'soft-lockup');
    expect(lockup?.host).toBe('db-01');
    expect(report.verdict.summary.startsWith('db-01: CPU 5')).toBe(true);
    expect(report.verdict.hosts).toBeUndefined();
  });

  it('says when incidents fall on several hosts and gives each host its own line', async () => {
    const report = await analyze([fixture('two-incident-hosts.log')]);
    expect(report.host.incidentHosts).toEqual(['db-01', 'web-01']);
    expect(report.host.hostname).toBe('db-01');
    expect(report.events.find((event) => event.kind === 'hung-task')?.host).toBe('web-01');
    expect(report.verdict.summary).toMatch(/^Incidents on 2 hosts \(db-01, web-01\)/);
    // The first host's verdict is not mixed with the other host's stuck task.
    expect(report.verdict.stuckCpus).toEqual([5]);
    expect(report.verdict.hosts?.map((line) => line.host)).toEqual(['db-01', 'web-01']);
    expect(report.verdict.hosts?.[1]?.summary).toMatch(/^web-01: task jbd2\/dm-0-8 \(pid 812\) was blocked .*\(a hung task\)/);
    const text = renderText(report);
    expect(text).toMatch(/\n {2}- web-01: /);
  });

  it('keeps a single host’s events free of a host key (the report names it once)', async () => {
    const single = readFileSync(new URL('../fixtures/kernel/multi-host/three-hosts.log', import.meta.url), 'utf8')
      .split('\n')
      .filter((line) => line.includes(' db-01 '))
      .join('\n');
    const report = await analyze([sourceFromText('messages', single)]);
    expect(report.host.hostname).toBe('db-01');
    expect(report.events.every((event) => event.host === undefined)).toBe(true);
  });
});
