// Slash commands. Only the first line of a comment counts (so a quoted `/analyze` further down
// a discussion does not re-run anything), and options are a small fixed table.
import { code, join, md, NEWLINE, text, type Md } from '../src/render/md.js';

export interface AnalyzeCommand {
  kind: 'analyze';
  hostUtcOffset?: string;
  bmcUtcOffset?: string;
}

export type Command = AnalyzeCommand | { kind: 'help' } | { kind: 'history' } | { kind: 'invalid'; problem: Md };

interface OptionRow {
  flag: string;
  key: 'hostUtcOffset' | 'bmcUtcOffset';
  help: string;
  example: string;
}

const OFFSET = /^[+-](0\d|1[0-4]):[0-5]\d$/;

/** One row per option, with the example shown in `/analyze help`. */
export const ANALYZE_OPTIONS: readonly OptionRow[] = [
  { flag: '--host-utc-offset', key: 'hostUtcOffset', help: "the host's local clock offset to UTC", example: '+08:00' },
  { flag: '--bmc-utc-offset', key: 'bmcUtcOffset', help: "the BMC clock's offset to UTC (SEL times)", example: '+00:00' },
];

const MAX_ARGS = 10;

/** Parses the first line; returns undefined when the comment is not a command at all. */
export function parseCommand(body: string): Command | undefined {
  const first = body.replace(/^\s+/, '').split(/\r?\n/, 1)[0] ?? '';
  const match = /^\/analyze(?=\s|$)(.*)$/.exec(first.trim());
  if (!match) return undefined;
  const args = (match[1] ?? '').trim().split(/\s+/).filter(Boolean);
  if (args.length > MAX_ARGS) return { kind: 'invalid', problem: md`too many arguments (at most ${MAX_ARGS})` };
  if (args[0] === 'help' || args[0] === '--help') return { kind: 'help' };
  if (args[0] === 'history') return args.length === 1 ? { kind: 'history' } : { kind: 'invalid', problem: md`${code('/analyze history')} takes no options` };
  const command: AnalyzeCommand = { kind: 'analyze' };
  for (let i = 0; i < args.length; i++) {
    const arg = args[i]!;
    const [flag, inline] = arg.includes('=') ? [arg.slice(0, arg.indexOf('=')), arg.slice(arg.indexOf('=') + 1)] : [arg, undefined];
    const row = ANALYZE_OPTIONS.find((o) => o.flag === flag);
    if (!row) return { kind: 'invalid', problem: md`unknown option ${code(flag.slice(0, 40))}` };
    const value = inline ?? args[++i];
    if (value === undefined || !OFFSET.test(value)) {
      return { kind: 'invalid', problem: md`${code(row.flag)} needs an offset such as ${code(row.example)}` };
    }
    command[row.key] = value;
  }
  return command;
}

export function helpText(): Md {
  const rows = ANALYZE_OPTIONS.map((o) => md`| ${code(`/analyze ${o.flag} ${o.example}`)} | ${text(o.help)} |`);
  return join(
    [
      md`**ktriage commands** (first line of a comment on an incident issue)`,
      md``,
      md`| Command | What it does |`,
      md`|---|---|`,
      md`| \`/analyze\` | re-run the analysis over the issue body and all comments, and update the report comment |`,
      ...rows,
      md`| \`/analyze history\` | list this repository's earlier ktriage incidents, grouped by host, hardware part, lockup signature and kernel (unless \`memory.lookup\` is off) |`,
      md`| \`/analyze help\` | show this help |`,
      md``,
      md`Commands are honoured from the issue author and from people with at least triage permission, unless \`.github/ktriage.yml\` says otherwise.`,
    ],
    NEWLINE,
  );
}
