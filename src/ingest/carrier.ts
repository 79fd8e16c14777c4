// What the way a log travelled put around its lines, taken off before the lines are rejoined
// and read: one row per carrier, each with an example. A quoted or indented report then reads
// like the log it was, registers, traces and per-CPU stall lines included, not only the lines
// that a pattern finds anywhere.
//
// - A mail reply quotes with `> ` per level (RFC 3676 §4.5; `>> `, `> > `, `>  > ` as clients
//   nest them). No log line starts with `>`, so the marker is always taken off.
// - Markdown shows code indented by four spaces (CommonMark §4.4 "Indented code blocks"), or
//   deeper inside a list. The indentation is learnt from a line that, without it, starts a
//   record, and taken off the lines after it that carry it, up to the first line that does not
//   (blank lines stay in the block).
// - Quoted-printable (RFC 2045 §6.7) left in a paste: `=3D` for `=`, `=20` for a trailing blank,
//   and `=` at the end of a line for a soft break. An input is read as quoted-printable from the
//   first line that shows it plainly (two escapes, or one and a soft break), then escapes are
//   decoded and soft breaks glued.
import type { PhysicalLine } from './lines.js';

export interface CarrierCounts {
  /** Lines whose mail quote markers were taken off. */
  mailQuoted: number;
  /** Lines whose Markdown code indentation was taken off. */
  indented: number;
  /** Lines in which quoted-printable escapes were decoded. */
  quotedPrintable: number;
  /** Quoted-printable soft breaks glued. */
  softBreaks: number;
}

export interface Carrier {
  name: keyof CarrierCounts;
  example: [carried: string, read: string];
}

export const CARRIERS: readonly Carrier[] = [
  { name: 'mailQuoted', example: ['>  > [ 7861.138569] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:', '[ 7861.138569] rcu: INFO: rcu_sched detected stalls on CPUs/tasks:'] },
  { name: 'indented', example: ['    [ 2080.044284] RAX: 0000000000000002 RBX: ffff9acb3e7638c0 RCX: 0000000000000001', '[ 2080.044284] RAX: 0000000000000002 RBX: ffff9acb3e7638c0 RCX: 0000000000000001'] },
  { name: 'quotedPrintable', example: ['[  31.337] rcu: =09(detected by 4, t=3D7002 jiffies, g=3D449229, q=3D525)', '[  31.337] rcu: \t(detected by 4, t=7002 jiffies, g=449229, q=525)'] },
];

/** `>` per quote level, blanks between levels, and the one blank after the last. */
const QUOTE = /^>(?:[ \t]{0,2}>)*[ \t]?/;
/** Markdown code indentation: four columns or more (a tab counts as four). */
const INDENT = /^(?: {4,}|\t+)/;
const QP_ESCAPE = /=([0-9A-F]{2})/g;
/**
 * Plainly quoted-printable (RFC 2045 §6.7): an escaped `=` (`=3D`: an encoder must escape every
 * `=`) with another escape or a soft break, or an escaped blank or tab before a soft break.
 * Escapes of blanks alone prove nothing: `key=value` logs print `=20` and `=09` as numbers
 * (ufw's `TTL=206 ID=20 SPT=2049`, netfilter and audit lines), and a real encoder would have
 * written their `=` as `=3D`.
 */
const QP_EVIDENCE = /=3D.*(?:=(?:3D|20|09)|[^=]=$)|=(?:20|09).*=3D|=(?:20|09)(?![0-9A-F]).*[^=]=$/;
const SOFT_BREAK = /(?:^|[^=])=$/;

export class CarrierStripper {
  readonly counts: CarrierCounts = { mailQuoted: 0, indented: 0, quotedPrintable: 0, softBreaks: 0 };
  private indent: string | undefined;
  private qp = false;
  /** A quoted-printable line ending in a soft break, waiting for its rest. */
  private pending: PhysicalLine | undefined;

  constructor(private readonly startsRecord: (text: string) => boolean) {}

  /** No carrier is being followed: the lines are read as they come (the fast lane may skim). */
  get idle(): boolean {
    return this.indent === undefined && !this.qp && this.pending === undefined;
  }

  push(line: PhysicalLine, emit: (line: PhysicalLine) => void): void {
    let text = line.text;
    if (text.charCodeAt(0) === 0x3e) {
      const quote = QUOTE.exec(text)!;
      text = text.slice(quote[0].length);
      this.counts.mailQuoted++;
    }
    text = this.unindent(text);
    if (!this.qp && text.includes('=') && QP_EVIDENCE.test(text)) this.qp = true;
    if (this.qp) {
      const decoded = text.replace(QP_ESCAPE, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
      if (decoded !== text) this.counts.quotedPrintable++;
      const soft = SOFT_BREAK.test(text);
      text = soft ? decoded.slice(0, -1) : decoded;
      const pending = this.pending;
      if (pending) {
        this.counts.softBreaks++;
        text = pending.text + text;
      }
      const whole = { text, line: pending?.line ?? line.line, truncated: line.truncated || (pending?.truncated ?? false) };
      this.pending = soft ? whole : undefined;
      if (!soft) emit(whole);
      return;
    }
    emit(text === line.text ? line : { text, line: line.line, truncated: line.truncated });
  }

  flush(emit: (line: PhysicalLine) => void): void {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) emit(pending);
  }

  private unindent(text: string): string {
    const first = text.charCodeAt(0);
    if (first !== 0x20 && first !== 0x09) {
      if (text !== '') this.indent = undefined;
      return text;
    }
    if (this.indent !== undefined) {
      if (text.startsWith(this.indent)) {
        this.counts.indented++;
        return text.slice(this.indent.length);
      }
      if (text.trim() === '') return text;
      this.indent = undefined;
    }
    const indent = INDENT.exec(text);
    if (indent && this.startsRecord(text.slice(indent[0].length))) {
      this.indent = indent[0];
      this.counts.indented++;
      return text.slice(indent[0].length);
    }
    return text;
  }
}
