// SEL parsers: every text/raw layout of the BMC's System Event Log (issue 4 widens this).
import type { ParserFactory } from '../../model/records.js';

export const selParsers: ParserFactory[] = [];
