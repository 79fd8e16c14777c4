// rsyslog writes control characters of a message as `#` and three octal digits (rsyslog
// runtime/parser.c, SanitizeMsg: `$EscapeControlCharactersOnReceive`, on by default, with
// `$EscapeControlCharacterTab` on too). The kernel puts a tab in front of each per-CPU RCU
// stall line (kernel/rcu/tree_stall.h: `pr_err("\t%d-%c%c%c%c: …")`), so every rsyslog-written
// file holds `rcu: #011 21-...!: (…)` instead of `rcu: \t21-...!: (…)`; and programs that colour
// their output leave `#033[0;31m…#033[0m`. The message is given back as it was sent: a tab is a
// tab again, a colour (ANSI) sequence is dropped as ingest drops raw ones (hygiene.ts), and any
// other control character is dropped as well (a raw one would have been). `#` with three octal
// digits that are not a control character (`#147-Ubuntu`, a build number) is left alone.
// DEL would be `#177`, but the kernel prints CPU numbers as `CPU#%d` (kernel/watchdog.c,
// kernel/smp.c) and `CPU#177` is a CPU on any machine with more than 177 of them; a DEL in a
// kernel message is vanishingly rare, so `#177` stays text. `#0nn` is never a CPU: `%d` prints no
// leading zero.

/** An escaped ESC starting an ANSI CSI sequence, or one escaped control character (0x00–0x1f). */
const ESCAPE = /#033\[[0-?]*[ -/]*[@-~]|#0[0-3][0-7]/g;

/** Cheap test first: most messages have no `#0` at all. */
export function decodeControlEscapes(message: string): string {
  const at = message.indexOf('#');
  if (at === -1 || message.indexOf('#0', at) === -1) return message;
  return message.replace(ESCAPE, (escape) => (escape === '#011' ? '\t' : ''));
}
