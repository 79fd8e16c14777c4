// ipmitool's SEL layouts: `sel list` / `sel elist` pipe rows (1.8.17, 1.8.18 and 1.8.19 with its
// locale dates and client-zone times), `-c` CSV rows, and `sel save` replay lines.
import { lineFormat, type SelFormat } from '../format.js';
import type { SelDraft } from '../normalise.js';
import { parseSelWhen } from '../when.js';

const DIRECTION = /^(Asserted|Deasserted)\b/i;
/** Operators mark the interesting row: `| Asserted     <----`. */
const ARROW = /\s+(?:<-+|<=+|←+)\s*\S*\s*$/;

const direction = (text: string | undefined): SelDraft['direction'] | undefined => {
  const m = DIRECTION.exec((text ?? '').trim());
  return m ? (m[1]!.toLowerCase() as 'asserted' | 'deasserted') : undefined;
};

/**
 * The columns after the record id, as ipmitool prints them: date, time, sensor, description,
 * direction[, extra]; a `Pre-Init` stamp in place of the date and time; OEM records.
 */
function readColumns(id: string, cells: string[], separator: string): SelDraft | undefined {
  const recordId = Number.parseInt(id, 16);
  const [first = '', second = ''] = cells;
  if (/^OEM record [ef][0-9a-f]$/i.test(first.trim())) {
    // Non-timestamped OEM record: opaque bytes, kept as they are.
    return { recordId, sensorTypeText: 'OEM', description: '', raw: cells.slice(1).join('').replace(/\s+/g, ''), extra: first.trim() };
  }
  let when;
  let preInit = false;
  let preInitSeconds: number | undefined;
  if (/^Pre-Init$/i.test(first.trim()) && /^\d{10}$/.test(second.trim())) {
    preInit = true;
    preInitSeconds = Number(second.trim());
  }
  else {
    when = parseSelWhen(first, second);
    if (!when) return undefined;
  }
  const rest = cells.slice(2);
  const sensorColumn = rest[0]?.trim() ?? '';
  if (/^OEM record [cd][0-9a-f]$/i.test(sensorColumn)) {
    return { recordId, ...(when ? { when } : {}), preInit, sensorTypeText: 'OEM', description: '', raw: rest.slice(1).join('').replace(/\s+/g, ''), extra: sensorColumn };
  }
  const panic = /^Linux kernel panic: ?(.*)$/.exec(sensorColumn);
  if (panic) return { recordId, ...(when ? { when } : {}), preInit, sensorTypeCode: 0x20, description: `Linux kernel panic: ${panic[1]}`, direction: 'asserted' };
  // The direction is the last cell that says Asserted/Deasserted; anything after it is the extra column.
  let dirIndex = -1;
  for (let i = rest.length - 1; i >= 2; i--) if (direction(rest[i]?.replace(ARROW, ''))) {
    dirIndex = i;
    break;
  }
  if (dirIndex < 2 || !sensorColumn) return undefined;
  return {
    recordId,
    ...(when ? { when } : {}),
    preInit,
    ...(preInitSeconds !== undefined ? { preInitSeconds } : {}),
    sensorColumn,
    description: rest.slice(1, dirIndex).join(separator).trim(),
    direction: direction(rest[dirIndex]!.replace(ARROW, '')),
    ...(rest.length > dirIndex + 1 ? { extra: rest.slice(dirIndex + 1).join(separator).replace(ARROW, '').trim() } : {}),
  };
}

export const IPMITOOL_FORMATS: SelFormat[] = [
  lineFormat({
    name: 'ipmitool-sel-list',
    kind: 'sel-list',
    example: ' 146 | 03/27/2024 | 12:48:44 | Memory #0xeb | Transition to Non-recoverable | Asserted',
    origin: 'ipmitool 1.8.18 `sel list`, reference incident sel-list.txt; 1.8.19 rows (`12/14/22 | 23:09:44 CET`, `2024年03月27日 | 20时48分44秒 CST`, `08:48:44 PM CST`) and elist rows (`Memory DIMM_A1`, `Reading 95 > Threshold 90 degrees C`) are covered by the same row',
    // Hex id, then at least five `|`-separated cells; `Pre-Init` rows keep their odd spacing.
    pattern: /^\s*([0-9a-fA-F]{1,4})\s*\|((?:[^|]*\|){1,}[^|]*)$/,
    read: (m) => readColumns(m[1]!, m[2]!.split('|'), '|'),
  }),
  lineFormat({
    name: 'ipmitool-sel-csv',
    kind: 'sel-csv',
    example: '146,03/27/2024,12:48:44,Memory #0xeb,Transition to Non-recoverable,Asserted',
    origin: 'layout of `ipmitool -c sel list` (ipmi-sel.md §2.3; unquoted, split from both ends); built from the reference record',
    pattern: /^\s*([0-9a-fA-F]{1,4}),([^,]*,[^,]*,.*,\s*(?:Asserted|Deasserted)\b.*)$/i,
    read: (m) => readColumns(m[1]!, m[2]!.split(','), ','),
  }),
];
