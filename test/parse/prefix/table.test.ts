import { describe, expect, it } from 'vitest';
import { normaliseLine } from '../../../src/parse/prefix/normalise.js';
import { PREFIX_FORMATS } from '../../../src/parse/prefix/table.js';

const norm = (text: string) => normaliseLine({ input: 't', line: 1, text });

describe('prefix table', () => {
  it('every row recognises its own example (and no earlier row steals it)', () => {
    for (const row of PREFIX_FORMATS) expect(norm(row.example).prefix, row.name).toBe(row.name);
  });

  it('dmesg with caller ids and a level', () => {
    expect(norm('<4>[ 9121.004512][    C7] watchdog: BUG: soft lockup')).toMatchObject({ prefix: 'dmesg', level: 4, uptime: 9121.004512, caller: 'C7', message: 'watchdog: BUG: soft lockup', kernel: true });
    expect(norm('[  712.339121] [ T6560] INFO: task x:1 blocked')).toMatchObject({ caller: 'T6560', message: 'INFO: task x:1 blocked' });
  });

  it('/dev/kmsg records, with and without caller=', () => {
    expect(norm('4,5012,12915313027,-;watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [swapper/3:0]')).toMatchObject({ prefix: 'kmsg', level: 4, uptime: 12915.313027, message: 'watchdog: BUG: soft lockup - CPU#3 stuck for 23s! [swapper/3:0]' });
    expect(norm('6,339,5140900,-,caller=T1;Freeing unused kernel memory')).toMatchObject({ level: 6, uptime: 5.1409, caller: 'T1', message: 'Freeing unused kernel memory' });
  });

  it('journalctl short, short-precise, short-iso, short-monotonic, short-full', () => {
    expect(norm('Mar  7 04:05:06 db-1 kernel: [  811.123456] NMI backtrace for cpu 2')).toMatchObject({ prefix: 'bsd-syslog', host: 'db-1', uptime: 811.123456, local: { month: 3, day: 7, hour: 4, minute: 5, second: 6 }, message: 'NMI backtrace for cpu 2', kernel: true });
    expect(norm('Mar 17 04:05:06.250117 db-1 kernel: NMI backtrace for cpu 2')).toMatchObject({ local: { day: 17, millis: 250 }, kernel: true });
    const iso = norm('2025-10-30T06:21:23+0530 db-1 kernel: NMI backtrace for cpu 2');
    expect(iso).toMatchObject({ prefix: 'rfc3339-syslog', utcMillis: Date.UTC(2025, 9, 30, 0, 51, 23), kernel: true });
    expect(norm('[  811.123456] db-1 kernel: NMI backtrace for cpu 2')).toMatchObject({ prefix: 'journal-short-monotonic', host: 'db-1', uptime: 811.123456, kernel: true });
    expect(norm('[    1.000000] pci 0000:00:01.0: [8086:1237] type 00')).toMatchObject({ prefix: 'dmesg', message: 'pci 0000:00:01.0: [8086:1237] type 00' });
    expect(norm('Thu 2025-10-30 06:21:23 UTC db-1 kernel: hello')).toMatchObject({ prefix: 'journal-short-full', utcMillis: Date.UTC(2025, 9, 30, 6, 21, 23) });
  });

  it('a syslog line with an empty host field (rsyslog without a hostname) is read like the others', () => {
    expect(norm('Nov  5 05:48:20  kernel: [  242.651880] INFO: task bcache-register:943 blocked for more than 120 seconds.')).toMatchObject({
      prefix: 'bsd-syslog', host: undefined, uptime: 242.65188, local: { month: 11, day: 5, hour: 5, minute: 48, second: 20 }, message: 'INFO: task bcache-register:943 blocked for more than 120 seconds.', kernel: true,
    });
    expect(norm('2021-11-05T05:48:20+00:00  kernel: [  242.658398]  __schedule+0x24e/0x890')).toMatchObject({ prefix: 'rfc3339-syslog', host: undefined, message: ' __schedule+0x24e/0x890', kernel: true });
    expect(norm('Fri 2021-11-05 05:48:20 UTC  kernel: RAX: ffffffffffffffda RBX: 000000000000000d')).toMatchObject({ prefix: 'journal-short-full', host: undefined, message: 'RAX: ffffffffffffffda RBX: 000000000000000d', kernel: true });
  });

  it('journalctl -o json keeps the kernel stamp and the realtime clock', () => {
    const line = JSON.stringify({ __REALTIME_TIMESTAMP: '1761805283000123', _HOSTNAME: 'db-1', _TRANSPORT: 'kernel', SYSLOG_IDENTIFIER: 'kernel', PRIORITY: '3', _SOURCE_MONOTONIC_TIMESTAMP: '811123456', MESSAGE: 'NMI backtrace for cpu 2' });
    expect(norm(line)).toMatchObject({ prefix: 'journal-json', utcMillis: 1761805283000, uptime: 811.123456, level: 3, host: 'db-1', kernel: true, message: 'NMI backtrace for cpu 2' });
    const bytes = JSON.stringify({ _TRANSPORT: 'kernel', MESSAGE: [104, 105] });
    expect(norm(bytes).message).toBe('hi');
    expect(norm('{"MESSAGE": broken').prefix).toBe('none');
  });

  it('dmesg -T, RFC 5424 and pstore levels', () => {
    expect(norm('[Thu Oct 30 06:21:23 2025] NMI backtrace for cpu 2')).toMatchObject({ prefix: 'dmesg-T', local: { year: 2025, month: 10, day: 30, hour: 6 }, kernel: true, message: 'NMI backtrace for cpu 2' });
    expect(norm('<12>1 2025-10-30T06:21:23.5Z db-1 kernel - - - NMI backtrace for cpu 2')).toMatchObject({ prefix: 'rfc5424', level: 4, host: 'db-1', utcMillis: Date.UTC(2025, 9, 30, 6, 21, 23, 500), kernel: true, message: 'NMI backtrace for cpu 2' });
    expect(norm('<0>[  100.000001] Kernel panic - not syncing: Fatal exception')).toMatchObject({ prefix: 'dmesg', level: 0, uptime: 100.000001 });
  });
});
