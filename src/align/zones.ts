// Zone abbreviations as `strftime %Z` prints them (ipmitool ≥1.8.19 appends the client's zone to
// every SEL time). Many are ambiguous — CST is China (+08:00), US Central (-06:00) and Cuba —
// so each row lists every offset it is used for; the align stage picks one on evidence.

export interface ZoneAbbreviation {
  abbr: string;
  offsets: { minutes: number; where: string }[];
}

const h = (hours: number, minutes = 0) => hours * 60 + Math.sign(hours || 1) * minutes;

export const ZONE_ABBREVIATIONS: ZoneAbbreviation[] = [
  { abbr: 'UTC', offsets: [{ minutes: 0, where: 'UTC' }] },
  { abbr: 'GMT', offsets: [{ minutes: 0, where: 'UTC (ipmitool -Z) / Greenwich' }] },
  { abbr: 'Z', offsets: [{ minutes: 0, where: 'UTC' }] },
  { abbr: 'WET', offsets: [{ minutes: 0, where: 'Western Europe' }] },
  { abbr: 'WEST', offsets: [{ minutes: h(1), where: 'Western Europe summer' }] },
  { abbr: 'BST', offsets: [{ minutes: h(1), where: 'British summer' }, { minutes: h(6), where: 'Bangladesh' }] },
  { abbr: 'IST', offsets: [{ minutes: h(5, 30), where: 'India' }, { minutes: h(1), where: 'Ireland summer' }, { minutes: h(2), where: 'Israel' }] },
  { abbr: 'CET', offsets: [{ minutes: h(1), where: 'Central Europe' }] },
  { abbr: 'CEST', offsets: [{ minutes: h(2), where: 'Central Europe summer' }] },
  { abbr: 'MET', offsets: [{ minutes: h(1), where: 'Middle Europe' }] },
  { abbr: 'MEST', offsets: [{ minutes: h(2), where: 'Middle Europe summer' }] },
  { abbr: 'EET', offsets: [{ minutes: h(2), where: 'Eastern Europe' }] },
  { abbr: 'EEST', offsets: [{ minutes: h(3), where: 'Eastern Europe summer' }] },
  { abbr: 'SAST', offsets: [{ minutes: h(2), where: 'South Africa' }] },
  { abbr: 'MSK', offsets: [{ minutes: h(3), where: 'Moscow' }] },
  { abbr: 'GST', offsets: [{ minutes: h(4), where: 'Gulf' }] },
  { abbr: 'PKT', offsets: [{ minutes: h(5), where: 'Pakistan' }] },
  { abbr: 'NPT', offsets: [{ minutes: h(5, 45), where: 'Nepal' }] },
  { abbr: 'ICT', offsets: [{ minutes: h(7), where: 'Indochina' }] },
  { abbr: 'WIB', offsets: [{ minutes: h(7), where: 'Western Indonesia' }] },
  { abbr: 'CST', offsets: [{ minutes: h(8), where: 'China' }, { minutes: h(-6), where: 'US/Canada Central' }, { minutes: h(-5), where: 'Cuba' }] },
  { abbr: 'HKT', offsets: [{ minutes: h(8), where: 'Hong Kong' }] },
  { abbr: 'SGT', offsets: [{ minutes: h(8), where: 'Singapore' }] },
  { abbr: 'PHT', offsets: [{ minutes: h(8), where: 'Philippines' }] },
  { abbr: 'AWST', offsets: [{ minutes: h(8), where: 'Western Australia' }] },
  { abbr: 'JST', offsets: [{ minutes: h(9), where: 'Japan' }] },
  { abbr: 'KST', offsets: [{ minutes: h(9), where: 'Korea' }] },
  { abbr: 'ACST', offsets: [{ minutes: h(9, 30), where: 'Central Australia' }] },
  { abbr: 'ACDT', offsets: [{ minutes: h(10, 30), where: 'Central Australia summer' }] },
  { abbr: 'AEST', offsets: [{ minutes: h(10), where: 'Eastern Australia' }] },
  { abbr: 'AEDT', offsets: [{ minutes: h(11), where: 'Eastern Australia summer' }] },
  { abbr: 'NZST', offsets: [{ minutes: h(12), where: 'New Zealand' }] },
  { abbr: 'NZDT', offsets: [{ minutes: h(13), where: 'New Zealand summer' }] },
  { abbr: 'NST', offsets: [{ minutes: h(-3, 30), where: 'Newfoundland' }] },
  { abbr: 'NDT', offsets: [{ minutes: h(-2, 30), where: 'Newfoundland summer' }] },
  { abbr: 'AST', offsets: [{ minutes: h(-4), where: 'Atlantic' }, { minutes: h(3), where: 'Arabia' }] },
  { abbr: 'ADT', offsets: [{ minutes: h(-3), where: 'Atlantic summer' }] },
  { abbr: 'BRT', offsets: [{ minutes: h(-3), where: 'Brasília' }] },
  { abbr: 'ART', offsets: [{ minutes: h(-3), where: 'Argentina' }] },
  { abbr: 'EST', offsets: [{ minutes: h(-5), where: 'US/Canada Eastern' }] },
  { abbr: 'EDT', offsets: [{ minutes: h(-4), where: 'US/Canada Eastern summer' }] },
  { abbr: 'CDT', offsets: [{ minutes: h(-5), where: 'US/Canada Central summer' }, { minutes: h(-4), where: 'Cuba summer' }] },
  { abbr: 'MST', offsets: [{ minutes: h(-7), where: 'US/Canada Mountain' }] },
  { abbr: 'MDT', offsets: [{ minutes: h(-6), where: 'US/Canada Mountain summer' }] },
  { abbr: 'PST', offsets: [{ minutes: h(-8), where: 'US/Canada Pacific' }] },
  { abbr: 'PDT', offsets: [{ minutes: h(-7), where: 'US/Canada Pacific summer' }] },
  { abbr: 'AKST', offsets: [{ minutes: h(-9), where: 'Alaska' }] },
  { abbr: 'AKDT', offsets: [{ minutes: h(-8), where: 'Alaska summer' }] },
  { abbr: 'HST', offsets: [{ minutes: h(-10), where: 'Hawaii' }] },
];

const byAbbr = new Map(ZONE_ABBREVIATIONS.map((row) => [row.abbr, row]));

/** Offsets a printed zone may stand for: one for `+08:00`/`UTC+8`/`CET`, several for `CST`, none when unknown. */
export function zoneCandidates(zone: string): { minutes: number; where: string }[] {
  const numeric = /^(?:UTC|GMT)?([+-])(\d{1,2}):?(\d{2})?$/.exec(zone.trim());
  if (numeric) {
    const minutes = Number(numeric[2]) * 60 + Number(numeric[3] ?? 0);
    return [{ minutes: numeric[1] === '-' ? -minutes : minutes, where: zone }];
  }
  return byAbbr.get(zone.trim().toUpperCase())?.offsets ?? [];
}
