// Every line parser the ingest stage feeds, in one list. Each parser decides per line
// whether it understands it, so inputs are recognised by content, never by name.
import type { BinaryParser, ParserFactory } from '../model/records.js';
import { csdParser } from './csd/index.js';
import { listingParsers } from './disasm/index.js';
import { kernelLogParser } from './kernel/index.js';
import { selBinaryParser } from './sel/binary.js';
import { selParsers } from './sel/index.js';
import { syslogParser } from './syslog/index.js';

export const PARSERS: readonly ParserFactory[] = [kernelLogParser, syslogParser, ...selParsers, ...listingParsers, csdParser];

/** Readers of binary inputs that ingest would otherwise reject as binary. */
export const BINARY_PARSERS: readonly BinaryParser[] = [selBinaryParser];
