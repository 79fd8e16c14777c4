// Builds incident variants from a few facts (when the hardware failed in UTC, the host's and the
// BMC's clocks, how the SEL was printed), so clock tests run on data the engine has never seen.

export interface Scenario {
  /** UTC millis of the uncorrectable memory event. */
  failure: number;
  /** Host local offset (minutes) at the failure and at the reboot. */
  hostOffset: (utc: number) => number;
  /** BMC clock offset (minutes); `client` prints 1.8.19-style times in that zone with `zoneName`. */
  bmcOffset: number;
  client?: { offset: number; zoneName: string };
  host?: string;
  /** Hours from the failure to the host's next boot. */
  rebootAfterHours?: number;
  /** Leave out the host's log silence and reboot (weak evidence). */
  noSilence?: boolean;
}

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const pad = (n: number) => String(n).padStart(2, '0');

function wall(utc: number, offsetMinutes: number): Date {
  return new Date(utc + offsetMinutes * 60_000);
}

export function syslogStamp(utc: number, offsetMinutes: number): string {
  const d = wall(utc, offsetMinutes);
  return `${MONTHS[d.getUTCMonth()]} ${String(d.getUTCDate()).padStart(2, ' ')} ${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`;
}

function selStamp(utc: number, offsetMinutes: number, twoDigitYear = false): [string, string] {
  const d = wall(utc, offsetMinutes);
  const year = twoDigitYear ? pad(d.getUTCFullYear() % 100) : String(d.getUTCFullYear());
  return [`${pad(d.getUTCMonth() + 1)}/${pad(d.getUTCDate())}/${year}`, `${pad(d.getUTCHours())}:${pad(d.getUTCMinutes())}:${pad(d.getUTCSeconds())}`];
}

/** A Go logger line: the host's syslog stamp and an embedded UTC stamp of the same moment. */
export function goLogLine(utc: number, offsetMinutes: number, host: string): string {
  return `${syslogStamp(utc, offsetMinutes)} ${host} containerd[811]: time="${new Date(utc).toISOString()}" level=warning msg="failed to send heartbeat"`;
}

export function buildScenario(s: Scenario): { messages: string; sel: string } {
  const host = s.host ?? 'db-7';
  const t = s.failure;
  const reboot = t + (s.rebootAfterHours ?? 14) * 3_600_000;
  const lines: string[] = [];
  for (const ago of [1200, 600, 60, 1]) lines.push(goLogLine(t - ago * 1000 + (ago === 1 ? 2000 : 0), s.hostOffset(t), host));
  if (!s.noSilence) {
    lines.push(`${syslogStamp(reboot, s.hostOffset(reboot))} ${host} kernel: Linux version 5.14.0-70.13.1.el9_0.x86_64 (mockbuild@x86-vm-07) #1 SMP PREEMPT`);
    lines.push(goLogLine(reboot + 60_000, s.hostOffset(reboot), host));
  }
  const zone = s.client;
  const offset = zone ? zone.offset : s.bmcOffset;
  const suffix = zone ? ` ${zone.zoneName}` : '';
  const row = (id: number, utc: number, sensor: string, description: string, dir = 'Asserted') => {
    const [date, time] = selStamp(utc, offset, zone !== undefined);
    return ` ${id.toString(16).padStart(3, ' ')} | ${date} | ${time}${suffix} | ${sensor} | ${description} | ${dir}`;
  };
  const bmcBoot = reboot - 11 * 60_000;
  const sel = [
    row(0x20, t - 86_400_000 * 2, 'System ACPI Power State #0x7f', 'S0/G0: working'),
    row(0x21, t, 'Memory #0x51', 'Uncorrectable ECC'),
    row(0x22, t + 2000, 'Critical Interrupt #0x73', 'Bus Uncorrectable Error'),
    ...(s.noSilence ? [] : [row(0x23, bmcBoot, 'System Boot Initiated #0x62', 'Initiated by warm reset')]),
  ].join('\n');
  return { messages: `${lines.join('\n')}\n`, sel: `${sel}\n` };
}
