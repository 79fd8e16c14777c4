// Takes the prefix off a line using the first matching row of PREFIX_FORMATS.
import type { LogLine, TextLine } from '../../model/records.js';
import { decodeControlEscapes } from './escapes.js';
import { PREFIX_FORMATS } from './table.js';

export function normaliseLine(line: TextLine): LogLine {
  for (const format of PREFIX_FORMATS) {
    const m = format.pattern.exec(line.text);
    // Object.assign, not `{ ...line, ...fields }`: V8 takes a slow path for two spreads in
    // one literal, which cost ~12 µs a line — most of ingest's time on a large log.
    if (m) {
      const fields = format.extract(m);
      // Whatever format carried it, a message rsyslog wrote keeps its control-character escapes.
      fields.message = decodeControlEscapes(fields.message);
      return Object.assign({}, line, fields, { prefix: format.name });
    }
  }
  return Object.assign({}, line, { message: decodeControlEscapes(line.text), prefix: 'none', kernel: false });
}

/** True when the text starts like a new log record (used to rejoin terminal-wrapped lines). */
export function startsRecord(text: string): boolean {
  return PREFIX_FORMATS.some((format) => format.pattern.test(text));
}
