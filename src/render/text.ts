// Terminal rendering: the verdict first, then findings, the timeline and input accounting.
import type { Finding, Report, ReportEvent } from '../report/types.js';
import { blockLabel, describeEvent, findingLine, inClockOrder, utcLabel } from './describe.js';

export function renderText(report: Report): string {
  const out: string[] = [];
  const { verdict, host } = report;
  out.push(`ktriage ${report.tool.version} — ${verdict.headline}`);
  out.push('');
  out.push(`Verdict: ${verdict.rootCause} (confidence ${verdict.confidence})`);
  out.push(wrap(verdict.summary, 100, '  '));
  for (const line of verdict.hosts ?? []) out.push(wrap(line.summary, 100, '    ').replace(/^ {4}/, '  - '));
  if (host.hostname || host.kernelRelease || host.arch || host.hardware) {
    out.push('');
    out.push(`Host: ${[host.hostname, host.kernelRelease, host.arch, host.hardware].filter(Boolean).join(' · ')}`);
  }
  out.push('');
  out.push(`Clocks: host ${utcLabel(report.clocks.hostUtcOffset.value)} (${report.clocks.hostUtcOffset.method}, ${report.clocks.hostUtcOffset.confidence}); BMC ${utcLabel(report.clocks.bmcUtcOffset.value)} (${report.clocks.bmcUtcOffset.method}, ${report.clocks.bmcUtcOffset.confidence})`);
  if (report.findings.length) {
    out.push('');
    out.push('Findings:');
    for (const finding of report.findings) out.push(...findingText(finding));
  }
  const keyEvents = inClockOrder(report.events).filter((event) => event.kind !== 'sel' || event.severity === 'critical' || event.severity === 'non-recoverable' || isCorrelated(event, report));
  if (keyEvents.length) {
    out.push('');
    out.push('Timeline (UTC):');
    for (const event of keyEvents.slice(0, 40)) out.push(`  ${eventLine(event)}`);
    if (keyEvents.length > 40) out.push(`  … ${keyEvents.length - 40} more in --format json`);
  }
  if (verdict.nextSteps.length) {
    out.push('');
    out.push('Next steps:');
    verdict.nextSteps.forEach((step, i) => out.push(wrap(`${i + 1}. ${step}`, 100, '  ')));
  }
  out.push('');
  out.push('Inputs:');
  for (const input of report.inputs) {
    const status = input.skipped ? `skipped: ${input.skipped}` : `${input.kinds.join(', ')}; ${input.lines} lines, ${input.unparsedLines} not understood`;
    out.push(`  ${input.name}: ${status}`);
    for (const block of input.blocks ?? []) out.push(`    ${blockLabel(block)}: ${block.kinds.join(', ')}; ${block.lines} lines, ${block.unparsedLines} not understood`);
    for (const warning of input.warnings.slice(0, 5)) out.push(`    ! ${warning}`);
  }
  return `${out.join('\n')}\n`;
}

function isCorrelated(event: ReportEvent, report: Report): boolean {
  return report.findings.some((f) => f.kind === 'hardware-correlation' && JSON.stringify(f['hardwareEvent']).includes(`"line":${event.source.line}`));
}

function eventLine(event: ReportEvent): string {
  const time = event.time ? `${event.timeEstimated ? '≈' : ''}${event.time}` : (event.originalTime ? `(${event.originalTime.clock} ${event.originalTime.value})` : '(time unknown)');
  return `${time}  ${describeEvent(event)}  [${event.source.input}:${event.source.line}]`;
}

function findingText(finding: Finding): string[] {
  const lines = [`  - ${findingLine(finding)}`];
  for (const e of finding.evidence.slice(0, 3)) lines.push(`      ${e.input}:${e.line}: ${e.text.trim().slice(0, 120)}`);
  return lines;
}

function wrap(text: string, width: number, indent: string): string {
  const words = text.split(/\s+/);
  const lines: string[] = [];
  let current = indent;
  for (const word of words) {
    if (current.length + word.length + 1 > width && current.trim()) {
      lines.push(current.trimEnd());
      current = `${indent}   `;
    }
    current += `${word} `;
  }
  lines.push(current.trimEnd());
  return lines.join('\n');
}
