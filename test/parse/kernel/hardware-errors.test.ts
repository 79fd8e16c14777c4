import { describe, expect, it } from 'vitest';
import { decodeMciStatus, mcaErrorCodeText } from '../../../src/parse/kernel/mce-status.js';
import { analyze, sourceFromText } from '../../../src/index.js';
import { eventsOf, fixture, parseTexts } from './helpers.js';

// Fixtures in test/fixtures/kernel/hw/ are written from the format strings of
// arch/x86/kernel/cpu/mce/core.c (__print_mce, mce_panic), drivers/firmware/efi/cper.c,
// drivers/acpi/apei/ghes.c (__ghes_panic) and drivers/edac/edac_mc.c (edac_mc_handle_error).
const hw = (name: string) => fixture(`hw/${name}`);

describe('MCi_STATUS decoding (asm/mce.h bits, SDM Vol. 3B MCA error codes)', () => {
  it('names the status bits per vendor and the architectural error code', () => {
    expect(decodeMciStatus('be00000000800090', 'Intel')).toMatchObject({
      bits: ['VAL', 'UC', 'EN', 'MISCV', 'ADDRV', 'PCC'],
      uncorrected: true,
      processorContextCorrupt: true,
      addressValid: true,
      errorCode: '0x0090',
      errorCodeText: 'memory controller read error, channel 0',
      modelCode: '0x0080',
    });
    // AMD: OVER, SyndV (bit 53), corrected; Intel would read bit 53 as nothing.
    expect(decodeMciStatus('dc2040000000011b', 'AMD')!.bits).toEqual(['VAL', 'OVER', 'EN', 'MISCV', 'ADDRV', 'SyndV']);
    expect(decodeMciStatus('dc2040000000011b', 'AMD')!.uncorrected).toBe(false);
    // Intel S|AR (SRAR, data load) on a recoverable UC error.
    expect(decodeMciStatus('bd80000000100134', 'Intel')!.bits).toEqual(['VAL', 'UC', 'EN', 'MISCV', 'ADDRV', 'S', 'AR']);
    expect(mcaErrorCodeText(0x1136)).toBe('cache hierarchy data read error, data L2');
    expect(mcaErrorCodeText(0x00c1)).toBe('memory controller scrubbing error, channel 1');
    expect(mcaErrorCodeText(0x0e0b)).toBe('bus/interconnect generic error (generic)');
    expect(decodeMciStatus('not-hex')).toBeUndefined();
  });
});

describe('machine checks as hardware evidence', () => {
  it('an Intel #MC: bank, decoded status, address, TIME, and the panic tied to it', async () => {
    const events = await eventsOf(hw('mce-intel-fatal-panic.log'));
    const mce = events.find((e) => e.kind === 'mce')!;
    expect(mce).toMatchObject({ cpu: 17, pc: 'intel_idle+0x7c/0xd0', severity: 'non-recoverable', recordUtcMillis: 1722625533000 });
    expect(mce.details).toMatchObject({ vendor: 'Intel', cpuid: '606a6', socket: 1, apic: '41', microcode: 'd0003a5', tsc: '2c4f7d8e1a3b', misc: '9018888c00086', statusBits: 'VAL|UC|EN|MISCV|ADDRV|PCC', machineCheck: 'Processor context corrupt' });
    expect(mce.hardwareError).toEqual({
      source: 'mce',
      uncorrected: true,
      fatal: true,
      severity: 'fatal',
      cpu: 17,
      socket: 1,
      bank: 7,
      address: '3f1a2b4c0',
      description: 'memory controller read error, channel 0; Processor context corrupt',
      recordedAt: '2024-08-02T19:05:33Z',
    });
    const panic = events.find((e) => e.kind === 'panic')!;
    expect(panic.details).toMatchObject({ hardwarePanic: 'mce', causeKind: 'mce', causedBy: `input.log:${mce.source.line}` });
    expect(mce.details?.ledTo).toBe(`input.log:${panic.source.line}`);
  });

  it('an AMD record with SYND/IPID is corrected: no fatal flag, SyndV decoded', async () => {
    const mce = (await eventsOf(hw('mce-amd-synd-ipid.log'))).find((e) => e.kind === 'mce' && e.details?.status)!;
    expect(mce.details).toMatchObject({ vendor: 'AMD', synd: '5a020001', ipid: '9600050f00', statusBits: 'VAL|OVER|EN|MISCV|ADDRV|SyndV' });
    expect(mce.hardwareError).toMatchObject({ source: 'mce', uncorrected: false, fatal: false, severity: 'corrected', bank: 18, address: '7f3e2b840' });
    expect(mce.severity).toBe('warning');
  });

  it('the record TIME with the line uptime places the console on UTC (and the panic beside it)', async () => {
    const report = await analyze([sourceFromText('console.log', hw('mce-intel-fatal-panic.log'))]);
    const mce = report.events.find((e) => e.kind === 'mce')!;
    expect(mce).toMatchObject({ time: '2024-08-02T19:05:33Z', placedBy: 'record-time' });
    const panic = report.events.find((e) => e.kind === 'panic')!;
    expect(panic.placedBy).toBe('uptime-pairs');
    // The panic is printed 18 µs of uptime after the TIME line: the same second on UTC.
    expect(Math.abs(Date.parse(panic.time!) - Date.parse('2024-08-02T19:05:33Z'))).toBeLessThan(1);
    expect(report.clocks.boots).toEqual([expect.objectContaining({ method: 'uptime-pairs', input: 'console.log', pairs: 1 })]);
  });

  it('a journal line stamped in local time and its MCE TIME fix the host offset and the year', async () => {
    const journal = [
      'Dec 09 14:40:48 ws-3 kernel: mce: [Hardware Error]: Machine check events logged',
      'Dec 09 14:40:48 ws-3 kernel: mce: [Hardware Error]: CPU 0: Machine Check: 0 Bank 7: ae00000000801136',
      'Dec 09 14:40:48 ws-3 kernel: mce: [Hardware Error]: TSC 0 ADDR 8be6c800 MISC 70e0000086 ',
      'Dec 09 14:40:48 ws-3 kernel: mce: [Hardware Error]: PROCESSOR 0:906eb TIME 1607550045 SOCKET 0 APIC 0 microcode ca',
    ].join('\n');
    const report = await analyze([sourceFromText('journal.txt', journal)]);
    expect(report.clocks.hostUtcOffset).toMatchObject({ value: '-07:00', method: 'embedded-timestamp' });
    expect(report.clocks.year?.value).toBe(2020);
    expect(report.events.find((e) => e.kind === 'mce' && e.hardwareError)).toMatchObject({ time: '2020-12-09T21:40:45Z', placedBy: 'record-time' });
    expect(report.events.find((e) => e.kind === 'mce' && !e.hardwareError)).toMatchObject({ time: '2020-12-09T21:40:48Z', placedBy: 'host-clock' });
  });
});

describe('GHES and EDAC records with the location they name', () => {
  it('a fatal CPER memory record: severity, address, node/card/module/rank/bank/row/column, DIMM, and its panic', async () => {
    const events = await eventsOf(hw('ghes-fatal-memory.log'));
    const ghes = events.find((e) => e.kind === 'ghes')!;
    expect(ghes.details).toMatchObject({ record: 2, socket: 1, card: 3, module: 0, rank: 1, bank: 13, device: 4, row: 65503, column: 704, errorStatus: '0000000000000400', fruText: 'Card03, ChnF, DIMM0', errorSeverity: 'fatal' });
    expect(ghes.hardwareError).toEqual({
      source: 'ghes',
      uncorrected: true,
      fatal: true,
      severity: 'fatal',
      socket: 1,
      bank: 13,
      address: '207ff4a000',
      dimm: 'CPU2_DIMM_F0',
      location: 'node:1 card:3 module:0 rank:1 bank:13 device:4 row:65503 column:704',
      description: 'memory error: multi-bit ECC',
    });
    expect(events.find((e) => e.kind === 'panic')!.details).toMatchObject({ hardwarePanic: 'ghes', causeKind: 'ghes' });
  });

  it('EDAC UE and a CE storm: count, DIMM label, channel/slot location, page and offset', async () => {
    const [ue, ce] = (await eventsOf(hw('edac-ue-dimm.log'))).filter((e) => e.kind === 'edac');
    expect(ue!.details).toMatchObject({ mc: 0, count: 1, errorClass: 'UE', channel: 0, slot: 0, page: '0x3f1a2b', offset: '0x4c0', grain: 32, area: 'DRAM', errCode: '0000:0090', location: 'channel:0 slot:0' });
    expect(ue!.hardwareError).toEqual({ source: 'edac', uncorrected: true, fatal: false, severity: 'uncorrected', socket: 0, dimm: 'DIMM_A1', location: 'channel:0 slot:0', description: 'memory read error', count: 1 });
    expect(ue!.severity).toBe('critical');
    expect(ce!.hardwareError).toMatchObject({ severity: 'corrected', uncorrected: false, dimm: 'DIMM_B2', count: 37 });
    expect(ce!.details?.overflow).toBe(true);
  });

  it('sb_edac repeats the MCE it decodes: bank, status and TIME land on the EDAC event', async () => {
    const bundle = await parseTexts([
      'syslog',
      [
        '2025-04-04T18:24:01.695076+08:00 nas kernel: EDAC sbridge MC0: HANDLING MCE MEMORY ERROR',
        '2025-04-04T18:24:01.695080+08:00 nas kernel: EDAC sbridge MC0: CPU 0: Machine Check Event: 0 Bank 7: cc00050000010092',
        '2025-04-04T18:24:01.695082+08:00 nas kernel: EDAC sbridge MC0: TSC 0 ',
        '2025-04-04T18:24:01.695084+08:00 nas kernel: EDAC sbridge MC0: ADDR 104e5c8c0 ',
        '2025-04-04T18:24:01.695088+08:00 nas kernel: EDAC sbridge MC0: PROCESSOR 0:306e4 TIME 1743762241 SOCKET 0 APIC 0',
      ].join('\n'),
    ] as [string, string]);
    const edac = bundle.kernelEvents.find((e) => e.kind === 'edac')!;
    expect(edac.details).toMatchObject({ bank: 7, status: 'cc00050000010092', address: '104e5c8c0', mceTime: 1743762241, vendor: 'Intel' });
    expect(edac.hardwareError).toMatchObject({ source: 'edac', severity: 'corrected', bank: 7, description: 'memory controller read error, channel 2' });
  });
});
