// SEL parsers: every text/raw layout of the BMC's System Event Log, grouped by the input kind
// they stand for. Each group runs its declarative format rows over every segment.
import type { ParserFactory } from '../../model/records.js';
import { selParserFactory, type SelFormat } from './format.js';
import { GENERIC_FORMATS } from './formats/generic.js';
import { IPMITOOL_FORMATS } from './formats/ipmitool.js';
import { IPMIUTIL_FORMATS } from './formats/ipmiutil.js';
import { RAW_FORMATS } from './formats/raw.js';
import { REDFISH_FORMATS } from './formats/redfish.js';
import { TABLE_FORMATS } from './formats/tables.js';
import { VENDOR_FORMATS } from './formats/vendor.js';
import { VERBOSE_FORMATS } from './formats/verbose.js';

/** Every SEL format row, for documentation and for tests that parse each row's example. */
export const SEL_FORMATS: readonly SelFormat[] = [...IPMITOOL_FORMATS, ...VERBOSE_FORMATS, ...RAW_FORMATS, ...TABLE_FORMATS, ...REDFISH_FORMATS, ...VENDOR_FORMATS, ...IPMIUTIL_FORMATS, ...GENERIC_FORMATS];

const primary = SEL_FORMATS.filter((format) => !format.fallback);
const kinds = [...new Set(primary.map((format) => format.kind))];

/** One parser per input kind, then the fallback rows (generic-row) in a parser of their own, fed last. */
export const selParsers: ParserFactory[] = [
  ...kinds.map((kind) =>
    selParserFactory(
      kind,
      primary.filter((format) => format.kind === kind),
    ),
  ),
  ...GENERIC_FORMATS.map((format) => selParserFactory(format.kind, [format], true)),
];
