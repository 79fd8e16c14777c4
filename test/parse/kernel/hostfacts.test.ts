// Host facts from every line that states them (fixtures in test/fixtures/kernel/hostfacts/,
// written from the printk formats cited in src/parse/kernel/hostfacts.ts and arch.ts).
import { describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../../src/index.js';
import { ARCH_LINE_ROWS, ARCH_RELEASE_ROWS, archOfMessage, archOfRelease } from '../../../src/parse/kernel/arch.js';
import { parseCpuLine, parseOldPidLine, parseReleaseContinuation, parseTaintLine } from '../../../src/parse/kernel/hostfacts.js';
import { fixture } from './helpers.js';

async function hostOf(name: string) {
  return (await analyze([sourceFromText(name, fixture(`hostfacts/${name}`))])).host;
}

describe('kernel release', () => {
  it('after a gapped taint field, never a taint letter (print_tainted prints one column per flag)', () => {
    expect(parseTaintLine('      Tainted: P        W  OE      6.8.0-41-generic #41-Ubuntu')).toEqual({ taint: 'PWOE', release: '6.8.0-41-generic', releaseCut: false });
    expect(parseOldPidLine('Pid: 29328, comm: kworker/0:0 Tainted: P           O 3.4.0-030400-generic #2012 Supermicro X8DTL/X8DTL')).toMatchObject({ taint: 'PO', release: '3.4.0-030400-generic' });
    expect(parseCpuLine('CPU: 65 PID: 925 Comm: kcompactd4 Kdump: loaded Tainted: G        W  OEL   --------- -  - 4.18.0-372.19.1.es8_10.aarch64 #1')).toMatchObject({ taint: 'GWOEL', release: '4.18.0-372.19.1.es8_10.aarch64', kdumpLoaded: true });
    expect(parseCpuLine('CPU: 3 PID: 1 Comm: x Not tainted 6.8.0-41-generic #41-Ubuntu')).toMatchObject({ release: '6.8.0-41-generic' });
    // The 6.12 second taint line names flags, it states no release.
    expect(parseTaintLine('Tainted: [W]=WARN, [L]=SOFTLOCKUP')).toBeUndefined();
  });

  it('a line cut after its taint field takes the release from the next physical line', () => {
    expect(parseCpuLine('CPU: 10 UID: 0 PID: 3184 Comm: osms-agent Tainted: G ')).toMatchObject({ taint: 'G', release: undefined, releaseCut: true });
    expect(parseReleaseContinuation('   W          6.12.0-rc4-g556c97f2ecbf #40')).toEqual({ taint: 'W', release: '6.12.0-rc4-g556c97f2ecbf' });
    expect(parseReleaseContinuation('bch_btree_insert_node+0x340/0x410 [bcache]')).toBeUndefined();
  });

  it('from the hung-task line (kernel/hung_task.c), with the architecture from its syscall entry frame', async () => {
    const host = await hostOf('hung-task-gapped-taint.log');
    expect(host).toMatchObject({ kernelRelease: '6.8.0-41-generic', taint: 'PWOE', arch: 'x86_64' });
    expect(host.evidence?.kernelRelease).toMatchObject({ line: 2, method: 'hung-task-line' });
    // The user-mode RIP line is a register dump: it outranks the frame.
    expect(host.evidence?.arch).toMatchObject({ line: 18, method: 'register-dump', row: 'x86_64-rip' });
  });

  it('from the 3.x `Pid: N, comm:` line', async () => {
    const host = await hostOf('pid-line-3x.log');
    expect(host).toMatchObject({ kernelRelease: '3.4.0-030400-generic', taint: 'PO', arch: 'x86_64' });
    expect(host.evidence?.kernelRelease).toMatchObject({ line: 6, method: 'pid-line' });
    expect(host.evidence?.arch).toMatchObject({ line: 7, text: expect.stringContaining('RIP: 0010:[<ffffffff810a4a3d>]') });
  });

  it('from a `CPU:` line wrapped after its taint field, citing both lines joined', async () => {
    const host = await hostOf('wrapped-cpu-line-arm64.log');
    expect(host).toMatchObject({ kernelRelease: '6.9.0-g1a2b3c4d5e6f', taint: 'GL', arch: 'arm64' });
    expect(host.evidence?.kernelRelease).toMatchObject({ line: 3, method: 'cpu-line', text: expect.stringMatching(/Tainted: G +L 6\.9\.0-g1a2b3c4d5e6f #253$/) });
    expect(host.evidence?.arch).toMatchObject({ line: 6, row: 'arm64-pstate' });
  });

  it('from the powerpc `REGS:` line, and ppc64le from MSR carrying SF and LE', async () => {
    const host = await hostOf('ppc64le-regs.log');
    expect(host).toMatchObject({ kernelRelease: '4.15.0-21-generic', arch: 'ppc64le' });
    expect(host.evidence?.kernelRelease).toMatchObject({ line: 4, method: 'powerpc-regs-line' });
    expect(host.evidence?.arch).toMatchObject({ line: 5, row: 'ppc64le-msr' });
  });
});

describe('architecture rows', () => {
  it('every row reads its own example', () => {
    for (const row of ARCH_LINE_ROWS) expect(archOfMessage(row.example), row.name).toMatchObject({ arch: row.arch, row: row.name });
    for (const row of ARCH_RELEASE_ROWS) expect(archOfRelease(row.example), row.name).toMatchObject({ arch: row.arch, row: row.name });
  });

  it('lines another architecture also prints name none', () => {
    for (const line of [
      'pc : [<c0123456>]    lr : [<c0123400>]    psr: 60000013', // 32-bit ARM
      'Hardware name: linux,dummy-virt (DT)', // arm, arm64 and riscv QEMU virt
      'Hardware name: Dell Inc. PowerEdge R7425/08V001, BIOS 1.15.0 09/11/2020', // DMI exists on x86 and arm64
      'Call Trace:',
    ])
      expect(archOfMessage(line), line).toBeUndefined();
    expect(archOfRelease('6.8.0-41-generic')).toBeUndefined();
  });

  it('a release suffix names the architecture when no dump does', async () => {
    const report = await analyze([sourceFromText('boot.log', '[    0.000000] Linux version 5.14.0-362.8.1.el9_3.x86_64 (mockbuild@x86-vm-07.build.eng.bos.redhat.com) (gcc (GCC) 11.4.1) #1 SMP PREEMPT_DYNAMIC\n')]);
    expect(report.host).toMatchObject({ kernelRelease: '5.14.0-362.8.1.el9_3.x86_64', arch: 'x86_64' });
    expect(report.host.evidence?.arch).toMatchObject({ line: 1, method: 'release-suffix', row: 'release-x86_64' });
  });
});
