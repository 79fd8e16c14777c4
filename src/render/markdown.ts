// GitHub-flavoured Markdown: summary line, verdict, findings table, a Mermaid timeline across
// the three clocks, then evidence and input accounting folded in <details>.
// The same text is the Action's job summary and the bot's comment. Every piece is `Md` (md.ts):
// text from the inputs reaches it only through `text`, `code` or `fence`.
import type { Finding, Report, ReportEvent } from '../report/types.js';
import { blockLabel, describeEvent, findingWhat, inClockOrder, utcLabel } from './describe.js';
import { BLANK_LINE, capped, details, fence, hiddenMarker, join, md, mermaidFence, NEWLINE, table, text, type Md, type MermaidLine } from './md.js';
import { ganttTime, line, taskName } from './mermaid.js';
import { renderWaitGraph } from './wait-graph.js';

export interface MarkdownOptions {
  /** Hidden marker placed first, so a sticky comment can be found again. */
  marker?: string;
  /** "Seen before" (src/render/seen-before.ts), placed under the host it is about. */
  seenBefore?: Md;
}

const KEY_EVENT_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'csd-lock-timeout', 'panic', 'oops', 'log-gap', 'boot', 'mce', 'ghes', 'edac']);

/** Rows of the findings table; the JSON report has them all. */
const MAX_FINDING_ROWS = 50;

export function keyEvents(report: Report): ReportEvent[] {
  const correlatedLines = new Set<string>();
  for (const finding of report.findings) {
    const hw = finding['hardwareEvent'] as { source?: { input: string; line: number } } | undefined;
    if (hw?.source) correlatedLines.add(`${hw.source.input}:${hw.source.line}`);
    const occurrences = finding['occurrences'] as { source: { input: string; line: number } }[] | undefined;
    for (const o of occurrences ?? []) correlatedLines.add(`${o.source.input}:${o.source.line}`);
  }
  return report.events.filter(
    (event) => KEY_EVENT_KINDS.has(event.kind) || correlatedLines.has(`${event.source.input}:${event.source.line}`),
  );
}

/** The report as branded Markdown, for faces that add their own parts around it. */
export function markdownReport(report: Report, options: MarkdownOptions = {}): Md {
  const sections: Md[] = [];
  if (options.marker) sections.push(hiddenMarker(options.marker));
  const { verdict, host } = report;
  sections.push(md`### ktriage: ${text(verdict.headline)}`);
  sections.push(md`**Verdict:** \`${text(verdict.rootCause)}\` (confidence **${text(verdict.confidence)}**)\n\n${text(verdict.summary)}`);
  if (verdict.hosts?.length) sections.push(join(verdict.hosts.map((line) => md`- ${text(line.summary)}`), NEWLINE));
  const hostLine = [host.hostname, host.kernelRelease, host.arch, host.hardware].filter(Boolean).map((s) => text(String(s)));
  if (hostLine.length) sections.push(md`**Host:** ${join(hostLine, md` · `)}`);
  if (options.seenBefore) sections.push(options.seenBefore);
  if (report.findings.length) sections.push(findingsTable(report.findings));
  const timeline = timelineSection(report);
  if (timeline) sections.push(timeline);
  const waitGraph = renderWaitGraph(report);
  if (waitGraph) sections.push(waitGraph);
  if (verdict.nextSteps.length) sections.push(md`**Next steps**\n\n${join(verdict.nextSteps.map((step, i) => md`${i + 1}. ${text(step)}`), NEWLINE)}`);
  sections.push(details(md`Clocks`, clocksSection(report)));
  sections.push(details(md`Evidence`, evidenceSection(report)));
  sections.push(details(md`Inputs (${report.inputs.length})`, inputsSection(report)));
  sections.push(md`<sub>ktriage ${text(report.tool.version)} · report schema v${report.schemaVersion}</sub>`);
  return md`${join(sections, BLANK_LINE)}\n`;
}

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  return markdownReport(report, options);
}

function findingsTable(findings: Finding[]): Md {
  const rows = capped(
    findings,
    MAX_FINDING_ROWS,
    (finding) => [text(finding.kind), text(findingWhat(finding)), text(finding.method), text(finding.confidence)],
    (more) => [md`…`, md`and ${more} more findings (all of them are in the JSON report)`, md``, md``],
  );
  return table([md`Finding`, md`What`, md`Method`, md`Confidence`], rows);
}

/** Which lane of the chart an event belongs to: the clock it was read from. */
function lane(event: ReportEvent, report: Report): string {
  switch (event.originalTime?.clock) {
    case 'bmc':
      return `BMC clock (${utcLabel(report.clocks.bmcUtcOffset.value)})`;
    case 'host-local':
      return `Host log (${utcLabel(report.clocks.hostUtcOffset.value)})`;
    case 'kernel-uptime':
      return 'Kernel (uptime)';
    default:
      return 'UTC';
  }
}

function ganttChart(report: Report, events: ReportEvent[]): Md | undefined {
  const lanes = new Map<string, MermaidLine[]>();
  for (const event of events.slice(0, 40)) {
    const start = ganttTime(event.time ?? '');
    if (!start) continue;
    const name = taskName(`${event.timeEstimated ? '≈ ' : ''}${event.kind === 'log-gap' ? 'host log silent' : describeEvent(event)}`);
    const until = event.until ? ganttTime(event.until) : undefined;
    const task = until ? line`    ${name} : ${start}, ${until}` : line`    ${name} : milestone, ${start}, 1s`;
    const key = lane(event, report);
    lanes.set(key, [...(lanes.get(key) ?? []), task]);
  }
  if (lanes.size === 0) return undefined;
  const chart = [line`gantt`, line`    title Incident timeline (UTC)`, line`    dateFormat YYYY-MM-DD HH:mm:ss`, line`    axisFormat %m-%d %H:%M`];
  for (const [name, tasks] of lanes) chart.push(line`    section ${taskName(name.replace(/([+-]\d\d):(\d\d)/, '$1$2'))}`, ...tasks);
  return mermaidFence(chart);
}

/** Rows of the timeline table; the JSON report has every event. */
const MAX_TIMELINE_ROWS = 60;

function timelineSection(report: Report): Md | undefined {
  const events = inClockOrder(keyEvents(report));
  if (events.length === 0) return undefined;
  const chart = ganttChart(report, events.filter((event) => event.time));
  const onUtc = events.some((event) => event.time);
  const row = (event: ReportEvent): Md[] => {
    const printed = text(event.originalTime ? `${event.originalTime.clock} ${event.originalTime.value}` : '');
    const what = [printed, text(describeEvent(event)), text(`${event.source.input}:${event.source.line}`)];
    return onUtc ? [text(event.time ? `${event.timeEstimated ? '≈ ' : ''}${event.time}` : '—'), ...what] : what;
  };
  const more = (count: number): Md[] => [md`…`, md`and ${count} more events (all of them are in the JSON report)`, ...(onUtc ? [md``, md``] : [md``])];
  const rows = capped(events, MAX_TIMELINE_ROWS, row, more);
  const header = [md`As printed`, md`Event`, md`Source`];
  if (!onUtc) {
    // A plain dmesg has only the kernel's uptime: the events are still worth a table, on that clock.
    return md`**Timeline** (as printed: no line of the inputs ties their clocks to UTC)\n\n${table(header, rows)}`;
  }
  return md`**Timeline**\n\n${chart ? md`${chart}\n\n` : md``}${table([md`UTC`, ...header], rows)}`;
}

function clocksSection(report: Report): Md {
  const rows = (
    [
      ['host local', report.clocks.hostUtcOffset],
      ['BMC', report.clocks.bmcUtcOffset],
    ] as const
  ).map(([name, offset]) => {
    const evidence = offset.evidence.map((e) => md`${text(e.input)}:${e.line}`);
    return [text(name), text(offset.value), text(offset.method), text(offset.confidence), evidence.length ? join(evidence, md`, `) : text(offset.note ?? '')];
  });
  return table([md`Clock`, md`Offset to UTC`, md`Method`, md`Confidence`, md`Evidence`], rows);
}

function evidenceSection(report: Report): Md {
  const blocks = report.findings.map((finding) => {
    const lines = finding.evidence.map((e) => `${e.input}:${e.line}: ${e.text.trim()}${e.note ? `   // ${e.note}` : ''}`);
    const derivation = Array.isArray(finding['derivation']) ? (finding['derivation'] as string[]).map((d) => `  ${d}`) : [];
    return md`**${text(finding.kind)}** — ${text(finding.summary)}\n\n${fence('text', [...lines, ...derivation].join('\n'))}`;
  });
  return blocks.length ? join(blocks, BLANK_LINE) : md`No findings.`;
}

function inputsSection(report: Report): Md {
  const rows: Md[][] = [];
  for (const input of report.inputs) {
    const notes = [input.skipped ? `skipped: ${input.skipped}` : '', ...input.warnings.slice(0, 3)].filter(Boolean).join('; ');
    rows.push([text(input.name), text(input.kinds.join(', ')), text(input.lines), text(input.unparsedLines), text(notes)]);
    for (const block of input.blocks ?? []) {
      rows.push([md`↳ ${text(blockLabel(block))}`, text(block.kinds.join(', ')), text(block.lines), text(block.unparsedLines), md``]);
    }
  }
  return table([md`Input`, md`Kinds`, md`Lines`, md`Not understood`, md`Notes`], rows);
}
