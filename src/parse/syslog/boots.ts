// When the host booted, as its own log shows it — one boot per boot. A boot is
// - a kernel uptime that went back (the kernel restarted its clock: `[    0.000000]` after `[ 9120.3]`),
// - a journal record whose `_BOOT_ID` differs from the one before (systemd draws one per boot),
// - a `Linux version` line (init/main.c prints linux_banner first thing in start_kernel()),
// - a logger's own start (`rsyslogd … start`, `Runtime Journal`) when nothing above opened a boot just before.
// The banner, the reset and the logger start of one boot come minutes apart at most, so a weak
// sign within BOOT_WINDOW of the last boot is that boot; a reset or a new boot id always opens one.
import type { LogLine } from '../../model/records.js';
import { BOOT_PATTERNS } from './patterns.js';

/** Uptime that went back by more than this (or restarted under RESTART_UPTIME) is a new boot, not reordering. */
const BACKWARDS_SECONDS = 60;
const RESTART_UPTIME = 5;
/** A banner or logger start this close after a boot belongs to it (firmware to rsyslog is well under this). */
const BOOT_WINDOW_MILLIS = 10 * 60_000;

export class BootTracker {
  private lastUptime: number | undefined;
  private bootId: string | undefined;
  /** Log-clock millis of the boot last opened (local stamps read as if UTC: only differences matter). */
  private openedAt: number | undefined;

  /** True when this line opens a boot. `clockMillis` is the line's time on the log's own clock. */
  opens(line: LogLine, clockMillis: number): boolean {
    const reset =
      line.kernel &&
      line.uptime !== undefined &&
      this.lastUptime !== undefined &&
      (line.uptime < this.lastUptime - BACKWARDS_SECONDS || (line.uptime < RESTART_UPTIME && this.lastUptime > 30));
    if (line.kernel && line.uptime !== undefined) this.lastUptime = line.uptime;
    const newId = line.bootId !== undefined && this.bootId !== undefined && line.bootId !== this.bootId;
    if (line.bootId !== undefined) this.bootId = line.bootId;
    if (!reset && !newId) {
      if (!BOOT_PATTERNS.some((pattern) => pattern.test(line.message))) return false;
      const recent = this.openedAt !== undefined && clockMillis - this.openedAt >= 0 && clockMillis - this.openedAt < BOOT_WINDOW_MILLIS;
      if (recent) return false;
    }
    this.openedAt = clockMillis;
    return true;
  }
}
