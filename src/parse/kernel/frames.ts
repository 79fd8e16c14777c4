// Call-trace lines of x86_64, arm64, powerpc (and the 32-bit ARM / s390 shapes seen in real
// oopses), one row per shape, plus the stack-section markers that say where a frame ran.
import type { Frame } from '../../report/types.js';

/** Lines that open a stack trace. */
export const TRACE_START = /^(?:Call [Tt]race:|Backtrace:|\s*Call Trace:|Call trace:|Exception stack\(|Stack dump where RCU GP kthread last ran:|RCU grace-period kthread stack dump:)/;

/** Section markers printed inside x86 traces; the value is the context of the frames after it. */
const MARKERS: Record<string, string> = {
  '<IRQ>': 'irq',
  '</IRQ>': 'task',
  '<NMI>': 'nmi',
  '</NMI>': 'task',
  '<TASK>': 'task',
  '</TASK>': 'task',
  '<SOFTIRQ>': 'softirq',
  '</SOFTIRQ>': 'irq',
  '<EOI>': 'task',
  '<EOE>': 'task',
};

const MARKER_PREFIX = /^\s*(<\/?(?:IRQ|NMI|TASK|SOFTIRQ)>|<EOI>|<EOE>)\s*/;

interface FrameRow {
  name: string;
  example: string;
  pattern: RegExp;
  parse(m: RegExpExecArray): Omit<Frame, 'raw' | 'context'>;
}

function split(sym: string): { func: string; offset?: number; length?: number } {
  const m = /^(.+?)\+0x([0-9a-f]+)(?:\/0x([0-9a-f]+))?$/.exec(sym);
  if (!m) return { func: sym };
  return { func: m[1]!, offset: parseInt(m[2]!, 16), length: m[3] ? parseInt(m[3], 16) : undefined };
}

const SYM = String.raw`([A-Za-z_.$][\w.$]*(?:\+0x[0-9a-f]+(?:\/0x[0-9a-f]+)?)?)`;
const MODULE = String.raw`(?:\s+\[([\w-]+)\])?`;

export const FRAME_ROWS: FrameRow[] = [
  {
    // powerpc: `[c000000fe3b1fa30] [c0000000001d5d78] smp_call_function_many+0x2e8/0x3d0 (unreliable)`
    name: 'powerpc',
    example: '[c000000fe3b1f990] [c0000000001d5d78] smp_call_function_many+0x2e8/0x3d0 (unreliable)',
    pattern: new RegExp(String.raw`^\[(?:c|0x)?[0-9a-f]{8,16}\] \[(?:c|0x)?[0-9a-f]{8,16}\] ${SYM}${MODULE}(\s+\(unreliable\))?\s*$`),
    parse: (m) => ({ ...split(m[1]!), module: m[2], reliable: !m[3] }),
  },
  {
    // 32-bit ARM: `[<c0109d0c>] (smp_call_function_many) from [<c0109e2c>] (smp_call_function+0x2c/0x34)`
    name: 'arm32',
    example: '[<c0319a84>] (__dabt_svc) from [<c01f1bd8>] (n_tty_set_termios+0x2f0/0x3ac)',
    pattern: /^\[<[0-9a-f]+>\] \(([\w.$]+(?:\+0x[0-9a-f]+\/0x[0-9a-f]+)?)\) from \[<[0-9a-f]+>\] \(/,
    parse: (m) => ({ ...split(m[1]!), reliable: true }),
  },
  {
    // s390: ` [<0000000000112233>] smp_call_function+0x1/0x2` or `([<...>] foo+0x1/0x2)`
    // x86 old: ` [<ffffffff8100f2c1>] ? native_sched_clock+0x13/0x80`, arm64 old `[<ffff0000080890c8>] foo+0x0/0x1b0`
    name: 'addressed',
    example: ' [<ffffffff81076a33>] ? smp_call_function_many+0x1f3/0x260',
    pattern: new RegExp(String.raw`^\(?\[<(?:0x)?[0-9a-f]+>\](?:\s*\[<[0-9a-f]+>\])?\s+(\? )?${SYM}${MODULE}\)?(?:\s+.*)?$`),
    parse: (m) => ({ ...split(m[2]!), module: m[3], reliable: !m[1] }),
  },
  {
    // Symbolised (syzbot) inline frames: ` __dump_stack lib/dump_stack.c:17 [inline]`
    name: 'inline',
    example: ' __dump_stack lib/dump_stack.c:17 [inline]',
    pattern: /^(\? )?([A-Za-z_][\w.$]*) \S+:\d+(?::\d+)? \[inline\]$/,
    parse: (m) => ({ func: m[2]!, reliable: !m[1] }),
  },
  {
    // x86 ≥4.15 and arm64: ` ? foo+0x1/0x2 [mod]`, ` foo+0x1/0x2 file.c:12`, arm64 `(P)` markers (≥6.14).
    name: 'plain',
    example: ' smp_call_function_many_cond+0x34c/0x3a0',
    pattern: new RegExp(String.raw`^(\? )?([A-Za-z_.$][\w.$]*\+0x[0-9a-f]+(?:\/0x[0-9a-f]+)?)${MODULE}(?:\s+\(([PLCTU])\))?(?:\s+\S+:\d+(?::\d+)?)?\s*$`),
    parse: (m) => ({ ...split(m[2]!), module: m[3], reliable: !m[1] }),
  },
];

export interface FrameLine {
  frames: Frame[];
  /** Context set by a marker on this line (it applies to the frames after it). */
  context?: string;
  /** True when the line was only a marker. */
  markerOnly: boolean;
}

/** Parses one trace line: markers (possibly glued before a frame) and at most one frame. */
export function parseFrameLine(message: string, context: string | undefined): FrameLine | undefined {
  let text = message.replace(/\s+$/, '');
  let ctx = context;
  let sawMarker = false;
  for (let m = MARKER_PREFIX.exec(text); m; m = MARKER_PREFIX.exec(text)) {
    ctx = MARKERS[m[1]!];
    sawMarker = true;
    text = text.slice(m[0].length);
  }
  if (text.trim() === '') return sawMarker ? { frames: [], context: ctx, markerOnly: true } : undefined;
  const trimmed = text.trim();
  for (const row of FRAME_ROWS) {
    const m = row.pattern.exec(row.name === 'plain' || row.name === 'inline' ? trimmed : trimmed);
    if (m) {
      const frame: Frame = { ...row.parse(m), raw: message.trim() };
      if (frame.module === undefined) delete frame.module;
      if (frame.offset === undefined) delete frame.offset;
      if (frame.length === undefined) delete frame.length;
      if (ctx) frame.context = ctx;
      return { frames: [frame], context: ctx, markerOnly: false };
    }
  }
  return sawMarker ? { frames: [], context: ctx, markerOnly: true } : undefined;
}

/** Hex dump lines of an arm64 `Exception stack(…)` block: data, not frames. */
export const EXCEPTION_STACK_LINE = /^[0-9a-f]{4,16}: (?:[0-9a-f]{8,16}\s*)+$/;
