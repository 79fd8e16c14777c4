// The incident summary (issue #15 item 1): stable keys computed from real fixtures.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import { bareFunction, dimmKey, hostKey } from '../../src/report/summary.js';
import { viaSyslog } from './via-syslog.js';

const INCIDENT = 'examples/incident-2024-03-27';
const read = (path: string) => readFileSync(path, 'utf8');
const incidentSources = () => readdirSync(INCIDENT).map((name) => sourceFromText(join(INCIDENT, name), read(join(INCIDENT, name))));

describe('incident summary', () => {
  it('sums up the reference incident from what its inputs say', async () => {
    const report = await analyze(incidentSources());
    const summary = report.summary!;
    expect(summary.summaryVersion).toBe(1);
    expect(summary.hostname).toBe(report.host.hostname);
    expect(summary.kernelRelease).toBe(report.host.kernelRelease);
    expect(summary.arch).toBe('arm64');
    expect(summary.rootCause).toBe('hardware-memory');
    expect(summary.confidence).toBe(report.verdict.confidence);
    // console-softlockup.log: "watchdog: BUG: soft lockup - CPU#65 stuck"; the csd wait names CPU 0.
    expect(summary.stuckCpu).toBe(65);
    expect(summary.waitedOnCpu).toBe(0);
    // The first stall report (the RCU stall) opens the incident.
    const stalls = report.events.filter((e) => e.kind === 'rcu-stall' || e.kind === 'soft-lockup').map((e) => e.time!).sort();
    expect(summary.incidentUtc).toBe(stalls[0]);
    // The soft lockup spins in the pc's function, interrupting the guilty frame; no offsets.
    const lockup = report.events.find((e) => e.kind === 'soft-lockup' && e.pc)!;
    expect(summary.signature).toBe(`soft-lockup|${lockup.guiltyFrame}|${lockup.pc!.split('+')[0]}`);
    expect(summary.signature).not.toMatch(/0x/);
    // sel-get-0146.txt: record 0x146 is the Memory sensor #0xeb going non-recoverable.
    const sel = report.events.find((e) => e.kind === 'sel' && e.recordId === 0x146)!;
    expect(summary.parts).toContainEqual({ type: 'sensor', key: `node-2|sensor|memory|${0xeb}`, label: expect.stringContaining('#0xeb') });
    expect(sel.sensorNumber).toBe(0xeb);
    // The chassis roll-up lines up too, but is a consequence: not a part.
    expect(summary.parts.some((p) => p.key.includes(`|${0xc4}`))).toBe(false);
  });

  it('gives the same DIMM the same key in two reports on the same host, whichever kernel path named it', async () => {
    const ghes = await analyze([sourceFromText('messages', viaSyslog(read('test/fixtures/kernel/hw/ghes-fatal-memory.log'), 'Mar 23 10:02:11', 'node-7'))]);
    // The EDAC driver naming the same slot four days later, in the form it prints (edac_mc.c edac_raw_mc_handle_error).
    const edacLine = read('test/fixtures/kernel/hw/edac-ue-dimm.log').split('\n')[0]!.replace('DIMM_A1', 'CPU2_DIMM_F0');
    const edac = await analyze([sourceFromText('messages', viaSyslog(edacLine, 'Mar 27 20:48:45', 'node-7.dc1.example'))]);
    const dimms = (r: typeof ghes) => r.summary!.parts.filter((p) => p.type === 'dimm').map((p) => p.key);
    expect(dimms(ghes)).toEqual(['node-7|dimm|CPU2_DIMM_F0']);
    expect(dimms(edac)).toEqual(dimms(ghes));
    const elsewhere = await analyze([sourceFromText('messages', viaSyslog(edacLine, 'Mar 27 20:48:45', 'node-9'))]);
    expect(dimms(elsewhere)).not.toEqual(dimms(ghes));
  });

  it('keys an MCE by socket and MCA bank, never a GHES DRAM bank', async () => {
    const mce = await analyze([sourceFromText('mce.log', read('test/fixtures/kernel/hw/mce-intel-fatal-panic.log'))]);
    const record = mce.events.find((e) => e.hardwareError?.source === 'mce')!.hardwareError!;
    expect(mce.summary!.parts).toContainEqual({ type: 'mce-bank', key: `?|mce-bank|${record.socket}|${record.bank}`, label: `socket ${record.socket} bank ${record.bank}` });
    // The machine-check panic is hardware: no code signature.
    expect(mce.summary!.signature).toBeNull();
    const ghes = await analyze([sourceFromText('ghes.log', read('test/fixtures/kernel/hw/ghes-fatal-memory.log'))]);
    expect(ghes.summary!.parts.map((p) => p.type)).toEqual(['dimm']);
  });

  it('signs the same lockup alike at other offsets and addresses', async () => {
    const text = read(join(INCIDENT, 'console-softlockup.log'));
    let n = 0;
    const moved = text
      .replace(/\+0x[0-9a-f]+\/0x[0-9a-f]+/g, () => `+0x${(16 + n++).toString(16)}/0x${(4096 + n).toString(16)}`)
      .replace(/\b[0-9a-f]{16}\b/g, 'ffff800011223344');
    expect(moved).not.toBe(text);
    const withConsole = (console: string) =>
      analyze(incidentSources().map((source) => (source.name.endsWith('console-softlockup.log') ? sourceFromText(source.name, console) : source)));
    const a = await withConsole(text);
    const b = await withConsole(moved);
    expect(a.summary!.signature).toMatch(/^soft-lockup\|\w+\|\w+$/);
    expect(b.summary!.signature).toBe(a.summary!.signature);
  });

  it('signs a register dump whose report header was cut off by where it spun', async () => {
    const report = await analyze([sourceFromText('console.log', read(join(INCIDENT, 'console-softlockup.log')))]);
    const dump = report.events.find((e) => e.kind === 'register-dump')!;
    expect(report.summary!.signature).toBe(`register-dump|${dump.guiltyFrame}|${dump.pc!.split('+')[0]}`);
  });

  it('drops what changes between builds from a symbol', () => {
    expect(bareFunction('smp_call_function_many_cond+0x34c/0x3a0')).toBe('smp_call_function_many_cond');
    expect(bareFunction('tcp_sendmsg_locked.isra.0+0x1c/0x40 [nf]')).toBe('tcp_sendmsg_locked');
    expect(bareFunction('blk_mq_run_hw_queue.constprop.3.cold')).toBe('blk_mq_run_hw_queue');
    expect(bareFunction('0xffff800010000000')).toBeUndefined();
    expect(dimmKey('CPU2 DIMM F0')).toBe(dimmKey('cpu2-dimm-f0'));
    expect(hostKey('Node-2.dc1.example')).toBe('node-2');
    expect(hostKey('10.0.0.5')).toBe('10.0.0.5');
  });

  it('gives nulls, not a crash, when the inputs say nothing of the host', async () => {
    const report = await analyze([sourceFromText('notes.txt', 'hello\nworld\n'), sourceFromText('empty.log', '')]);
    expect(report.summary).toEqual({
      summaryVersion: 1,
      hostname: null,
      kernelRelease: null,
      arch: null,
      incidentUtc: null,
      rootCause: report.verdict.rootCause,
      confidence: report.verdict.confidence,
      stuckCpu: null,
      waitedOnCpu: null,
      signature: null,
      parts: [],
    });
  });
});
