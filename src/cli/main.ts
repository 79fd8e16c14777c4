// `ktriage analyze [options] PATH…` — the terminal face of the engine.
import { access, constants, stat, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { parseArgs } from 'node:util';
import { OptionError } from '../align/index.js';
import { analyze } from '../engine.js';
import { OUTPUT_FORMATS, renderReport, type OutputFormat } from '../render/index.js';
import { TOOL_VERSION } from '../version.js';
import { collectSources, skippedInput } from './inputs.js';
import { nothingReadable } from './readable.js';
import { createProgress, type ProgressStream } from './progress.js';
import { readFleet } from './fleet.js';
import { renderFleetJson, renderFleetMarkdown, renderFleetText } from '../render/fleet.js';

export const USAGE = `Usage: ktriage analyze [options] PATH…
       ktriage fleet [-f text|markdown|json] [-o FILE] PATH…

Analyse what was collected from a frozen Linux host: console/dmesg output, /var/log/messages
or journal exports, IPMI SEL dumps, crash/objdump disassembly listings, or Markdown that
pastes them. PATH may be a file, a folder (read recursively) or - for standard input.

Options:
  -f, --format text|markdown|json   output format (default: text)
  -o, --output FILE                 write the report to FILE instead of standard output
      --host-utc-offset ±HH:MM      the host's local clock offset from UTC (overrides evidence)
      --bmc-utc-offset ±HH:MM       the BMC clock's offset from UTC (default: inferred from the evidence, or unknown)
      --host-tz ZONE                the host's IANA time zone (e.g. Asia/Shanghai), DST-aware
      --bmc-tz ZONE                 the BMC clock's IANA time zone when it keeps local time
      --year YYYY                   the year of host log stamps that print none (default: inferred, labelled)
      --read-all                    read every line of a big log (default: logs of 16 MiB and more are
                                    searched first and only the windows around what can start a report
                                    are read; the report says how many lines were only counted)
  -h, --help                        show this help
  -V, --version                     show the version

\`fleet\` groups incidents by host, hardware part, lockup signature and kernel release. Each PATH
is one incident: a saved report (\`analyze --format json\`, .json), a JSON Lines file of saved
reports or summaries (.jsonl, one incident per line), or raw inputs analysed as by \`analyze\`.
A folder holding nothing but saved reports and histories is read as those, one incident each.

Exit codes: 0 analysis completed (whatever it found), 2 usage error or nothing readable in the
inputs, 3 the report could not be written to the -o file.
`;

export interface CliIo {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
  /** Where the progress bar goes; it is drawn only when this is a terminal. */
  progress?: ProgressStream;
}

const defaultIo: CliIo = {
  stdout: (text) => process.stdout.write(text),
  stderr: (text) => process.stderr.write(text),
  progress: process.stderr,
};

export async function main(argv: string[], io: CliIo = defaultIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({
      args: argv,
      allowPositionals: true,
      options: {
        format: { type: 'string', short: 'f', default: 'text' },
        output: { type: 'string', short: 'o' },
        'host-utc-offset': { type: 'string' },
        'bmc-utc-offset': { type: 'string' },
        'host-tz': { type: 'string' },
        'bmc-tz': { type: 'string' },
        year: { type: 'string' },
        'read-all': { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'V' },
      },
    });
  } catch (error) {
    io.stderr(`ktriage: ${(error as Error).message}\n\n${USAGE}`);
    return 2;
  }
  const { values, positionals } = parsed;
  if (values.help) {
    io.stdout(USAGE);
    return 0;
  }
  if (values.version) {
    io.stdout(`${TOOL_VERSION}\n`);
    return 0;
  }
  const [command, ...paths] = positionals;
  if (command !== 'analyze' && command !== 'fleet') {
    io.stderr(`ktriage: ${command ? `unknown command "${command}"` : 'missing command'}\n\n${USAGE}`);
    return 2;
  }
  if (paths.length === 0) {
    io.stderr(`ktriage: ${command} needs at least one PATH\n\n${USAGE}`);
    return 2;
  }
  const format = values.format as OutputFormat;
  if (!OUTPUT_FORMATS.includes(format)) {
    io.stderr(`ktriage: --format must be one of ${OUTPUT_FORMATS.join(', ')}, got "${values.format}"\n`);
    return 2;
  }
  // Checked before the analysis, which can take a while on large inputs.
  const outputProblem = values.output !== undefined ? await unwritable(values.output) : undefined;
  if (outputProblem) {
    io.stderr(`ktriage: cannot write the report to ${values.output}: ${outputProblem}\n`);
    return 3;
  }
  if (command === 'fleet') return fleet(paths, format, values.output, io);
  const { sources, unreadable } = await collectSources(paths);
  for (const bad of unreadable) io.stderr(bad.unreadable ? `ktriage: cannot read ${bad.path}: ${bad.reason}\n` : `ktriage: not reading ${bad.path}: ${bad.reason}\n`);
  if (sources.length === 0) {
    io.stderr('ktriage: no readable input\n');
    return 2;
  }
  let report;
  const progress = io.progress && createProgress(io.progress, sources);
  try {
    report = await analyze(sources, {
      hostUtcOffset: values['host-utc-offset'],
      bmcUtcOffset: values['bmc-utc-offset'],
      hostTz: values['host-tz'],
      bmcTz: values['bmc-tz'],
      ...(values.year !== undefined ? { year: Number(values.year) } : {}),
      onProgress: progress?.onProgress,
      ...(values['read-all'] ? { windowed: 'never' as const } : {}),
    });
  } catch (error) {
    if (error instanceof OptionError) {
      io.stderr(`ktriage: ${error.message}\n`);
      return 2;
    }
    throw error;
  } finally {
    progress?.stop();
  }
  for (const bad of unreadable) report.inputs.push(skippedInput(bad));
  if (!(await emit(renderReport(report, format), values.output, io))) return 3;
  // The report above still says, input by input, why each one gave nothing.
  const nothing = nothingReadable(report);
  if (nothing) {
    io.stderr(`ktriage: ${nothing}\n`);
    return 2;
  }
  return 0;
}

async function fleet(paths: string[], format: OutputFormat, output: string | undefined, io: CliIo): Promise<number> {
  const result = await readFleet(paths);
  const text = format === 'json' ? renderFleetJson(result) : format === 'markdown' ? renderFleetMarkdown(result) : renderFleetText(result);
  if (!(await emit(text, output, io))) return 3;
  for (const s of result.skipped) io.stderr(`ktriage: skipped ${s.source}: ${s.reason}\n`);
  if (result.incidents.length === 0) {
    io.stderr('ktriage: no incident in the inputs\n');
    return 2;
  }
  return 0;
}

/** Writes to the -o file or standard output; false (with the reason said) when the file cannot be written. */
async function emit(text: string, output: string | undefined, io: CliIo): Promise<boolean> {
  if (output === undefined) {
    io.stdout(text);
    return true;
  }
  try {
    await writeFile(output, text);
    return true;
  } catch (error) {
    io.stderr(`ktriage: cannot write the report to ${output}: ${(error as Error).message}\n`);
    return false;
  }
}

/** Why the report could not be written to `path`, when that can be told before writing it. */
async function unwritable(path: string): Promise<string | undefined> {
  const folder = dirname(path);
  try {
    if (!(await stat(folder)).isDirectory()) return `${folder} is not a folder`;
    await access(folder, constants.W_OK);
    if ((await stat(path).catch(() => undefined))?.isDirectory()) return 'it is a folder';
  } catch (error) {
    const e = error as NodeJS.ErrnoException;
    if (e.code === 'ENOENT') return `the folder ${folder} does not exist`;
    if (e.code === 'EACCES') return `the folder ${folder} is not writable`;
    return e.message;
  }
  return undefined;
}
