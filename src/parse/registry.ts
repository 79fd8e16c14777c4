// Every line parser the ingest stage feeds, in one list. Each parser decides per line
// whether it understands it, so inputs are recognised by content, never by name.
import type { ParserFactory } from '../model/records.js';
import { listingParsers } from './disasm/index.js';
import { kernelLogParser } from './kernel/index.js';
import { selParsers } from './sel/index.js';
import { syslogParser } from './syslog/index.js';

export const PARSERS: readonly ParserFactory[] = [kernelLogParser, syslogParser, ...selParsers, ...listingParsers];
