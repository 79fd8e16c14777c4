// Disassembly listing parsers (crash dis, objdump, gdb) — issue 5 widens this.
import type { ParserFactory } from '../../model/records.js';

export const listingParsers: ParserFactory[] = [];
