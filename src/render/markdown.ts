// GitHub-flavoured Markdown: summary line, verdict, findings table, a Mermaid timeline across
// the three clocks, then evidence and input accounting folded in <details>.
// The same text is the Action's job summary and the bot's comment.
import type { Finding, Report, ReportEvent } from '../report/types.js';
import { blockLabel, describeEvent, findingWhat, utcLabel } from './describe.js';
import { escapeCode, escapeInline } from './escape.js';
import { renderWaitGraph } from './wait-graph.js';

export interface MarkdownOptions {
  /** Hidden marker placed first, so a sticky comment can be found again. */
  marker?: string;
  /** Base URL for links to inputs (e.g. a blob URL of the artifacts repo). */
  linkBase?: string;
}

const KEY_EVENT_KINDS = new Set(['soft-lockup', 'hard-lockup', 'rcu-stall', 'hung-task', 'csd-lock-timeout', 'panic', 'oops', 'log-gap', 'boot', 'mce', 'ghes', 'edac']);

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

export function renderMarkdown(report: Report, options: MarkdownOptions = {}): string {
  const sections: string[] = [];
  if (options.marker) sections.push(options.marker);
  const { verdict, host } = report;
  sections.push(`### ktriage: ${escapeInline(verdict.headline)}`);
  sections.push(
    `**Verdict:** \`${verdict.rootCause}\` (confidence **${verdict.confidence}**)\n\n${escapeInline(verdict.summary)}`,
  );
  const hostLine = [host.hostname, host.kernelRelease, host.arch, host.hardware].filter(Boolean).map((s) => escapeInline(String(s)));
  if (hostLine.length) sections.push(`**Host:** ${hostLine.join(' · ')}`);
  if (report.findings.length) sections.push(findingsTable(report.findings));
  const timeline = mermaidTimeline(report);
  if (timeline) sections.push(timeline);
  const waitGraph = renderWaitGraph(report);
  if (waitGraph) sections.push(waitGraph);
  if (verdict.nextSteps.length) sections.push(`**Next steps**\n\n${verdict.nextSteps.map((step, i) => `${i + 1}. ${escapeInline(step)}`).join('\n')}`);
  sections.push(details('Clocks', clocksSection(report)));
  sections.push(details('Evidence', evidenceSection(report)));
  sections.push(details(`Inputs (${report.inputs.length})`, inputsSection(report)));
  sections.push(`<sub>ktriage ${escapeInline(report.tool.version)} · report schema v${report.schemaVersion}</sub>`);
  return `${sections.join('\n\n')}\n`;
}

export function details(summary: string, body: string): string {
  return `<details><summary>${escapeInline(summary)}</summary>\n\n${body}\n\n</details>`;
}

function findingsTable(findings: Finding[]): string {
  const rows = findings.map((finding) => `| ${escapeInline(finding.kind)} | ${escapeInline(findingWhat(finding))} | ${finding.method} | ${finding.confidence} |`);
  return ['| Finding | What | Method | Confidence |', '|---|---|---|---|', ...rows].join('\n');
}

function mermaidLabel(text: string): string {
  // Mermaid task names: colons separate fields, `#`/`;` end statements; keep them out.
  return text.replace(/[:#;`<>{}]/g, ' ').replace(/\s+/g, ' ').trim().slice(0, 80);
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

function mermaidTime(iso: string): string {
  return iso.replace(/\.\d+Z$|Z$/, '').replace('T', ' ');
}

function mermaidTimeline(report: Report): string | undefined {
  const events = keyEvents(report).filter((event) => event.time);
  if (events.length === 0) return undefined;
  const lanes = new Map<string, string[]>();
  for (const event of events.slice(0, 40)) {
    const name = mermaidLabel(`${event.timeEstimated ? '≈ ' : ''}${event.kind === 'log-gap' ? 'host log silent' : describeEvent(event)}`);
    const start = mermaidTime(event.time!);
    const task = event.until ? `${name} : ${start}, ${mermaidTime(event.until)}` : `${name} : milestone, ${start}, 1s`;
    const key = lane(event, report);
    lanes.set(key, [...(lanes.get(key) ?? []), `    ${task}`]);
  }
  const chart = ['```mermaid', 'gantt', '    title Incident timeline (UTC)', '    dateFormat YYYY-MM-DD HH:mm:ss', '    axisFormat %m-%d %H:%M'];
  for (const [name, tasks] of lanes) chart.push(`    section ${mermaidLabel(name.replace(/([+-]\d\d):(\d\d)/, '$1$2'))}`, ...tasks);
  chart.push('```');
  const rows = ['| UTC | As printed | Event | Source |', '|---|---|---|---|'];
  for (const event of keyEvents(report).slice(0, 60)) {
    const printed = event.originalTime ? `${event.originalTime.clock} ${event.originalTime.value}` : '';
    const time = event.time ? `${event.timeEstimated ? '≈ ' : ''}${event.time}` : '—';
    rows.push(`| ${time} | ${escapeInline(printed)} | ${escapeInline(describeEvent(event))} | ${escapeInline(`${event.source.input}:${event.source.line}`)} |`);
  }
  return `**Timeline**\n\n${chart.join('\n')}\n\n${rows.join('\n')}`;
}

function clocksSection(report: Report): string {
  const rows: string[] = ['| Clock | Offset to UTC | Method | Confidence | Evidence |', '|---|---|---|---|---|'];
  for (const [name, offset] of [
    ['host local', report.clocks.hostUtcOffset],
    ['BMC', report.clocks.bmcUtcOffset],
  ] as const) {
    const evidence = offset.evidence.map((e) => `${escapeInline(e.input)}:${e.line}`).join(', ');
    rows.push(`| ${name} | ${offset.value} | ${offset.method} | ${offset.confidence} | ${evidence || escapeInline(offset.note ?? '')} |`);
  }
  return rows.join('\n');
}

function evidenceSection(report: Report): string {
  const blocks: string[] = [];
  for (const finding of report.findings) {
    const lines = finding.evidence.map((e) => `${e.input}:${e.line}: ${e.text.trim()}${e.note ? `   // ${e.note}` : ''}`);
    const derivation = Array.isArray(finding['derivation']) ? (finding['derivation'] as string[]).map((d) => `  ${d}`) : [];
    blocks.push(`**${escapeInline(finding.kind)}** — ${escapeInline(finding.summary)}\n\n\`\`\`text\n${escapeCode([...lines, ...derivation].join('\n'))}\n\`\`\``);
  }
  return blocks.join('\n\n') || 'No findings.';
}

function inputsSection(report: Report): string {
  const rows = ['| Input | Kinds | Lines | Not understood | Notes |', '|---|---|---|---|---|'];
  for (const input of report.inputs) {
    const notes = [input.skipped ? `skipped: ${input.skipped}` : '', ...input.warnings.slice(0, 3)].filter(Boolean).join('; ');
    rows.push(`| ${escapeInline(input.name)} | ${input.kinds.join(', ')} | ${input.lines} | ${input.unparsedLines} | ${escapeInline(notes)} |`);
    for (const block of input.blocks ?? []) {
      rows.push(`| ↳ ${escapeInline(blockLabel(block))} | ${block.kinds.join(', ')} | ${block.lines} | ${block.unparsedLines} | |`);
    }
  }
  return rows.join('\n');
}
