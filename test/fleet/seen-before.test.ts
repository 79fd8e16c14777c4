// The hidden summary block and "Seen before" (issue #15 items 3 and 4, the pure halves), on
// summaries the engine computes from real fixtures: the reference incident (node-2, BMC memory
// sensor, soft lockup) and a GHES / EDAC pair naming node-7's CPU2_DIMM_F0.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { analyze, sourceFromText } from '../../src/index.js';
import type { IncidentSummary } from '../../src/report/types.js';
import type { FleetIncident } from '../../src/fleet/group.js';
import { commentSafeJson, decodeSummaryBlock, encodeSummaryBlock, matchKeys, MAX_BLOCK_CHARS, searchToken, SUMMARY_TOKEN } from '../../src/fleet/summary-block.js';
import { recurrence, relatedTo, sameIncident, seenBefore } from '../../src/fleet/seen-before.js';
import { renderSeenBefore } from '../../src/render/seen-before.js';
import { code, type Md } from '../../src/render/md.js';
import { viaSyslog } from '../report/via-syslog.js';

const INCIDENT = 'examples/incident-2024-03-27';
const read = (path: string) => readFileSync(path, 'utf8');
const ghesLog = read('test/fixtures/kernel/hw/ghes-fatal-memory.log');
const edacLine = read('test/fixtures/kernel/hw/edac-ue-dimm.log').split('\n')[0]!.replace('DIMM_A1', 'CPU2_DIMM_F0');

let reference: IncidentSummary;
let ghes: IncidentSummary;
let edac: IncidentSummary;

beforeAll(async () => {
  reference = (await analyze(readdirSync(INCIDENT).map((name) => sourceFromText(join(INCIDENT, name), read(join(INCIDENT, name)))))).summary;
  ghes = (await analyze([sourceFromText('messages', viaSyslog(ghesLog, 'Mar 23 10:02:11', 'node-7'))])).summary;
  edac = (await analyze([sourceFromText('messages', viaSyslog(edacLine, 'Mar 27 20:48:45', 'node-7.dc1.example'))])).summary;
});

const incident = (id: string, summary: IncidentSummary): FleetIncident => ({ id, source: id, summary });
const ref = (i: FleetIncident): Md => code(i.id);

describe('summary block', () => {
  it('reads back exactly the summary it was given, from a comment body', () => {
    for (const summary of [reference, ghes, edac]) {
      const body = `<!-- ktriage:report -->\n${encodeSummaryBlock(summary).join('\n')}\n### report\n`;
      expect(decodeSummaryBlock(body)).toEqual(summary);
    }
  });

  it('gives the same part the same search word in two reports, and another host another one; words are letters only', () => {
    const part = (s: IncidentSummary) => matchKeys(s).find((k) => k.kind === 'part')!.token;
    expect(part(edac)).toBe(part(ghes));
    expect(encodeSummaryBlock(edac)[1]).toContain(part(ghes));
    expect(searchToken('part', 'node-9|dimm|CPU2_DIMM_F0')).not.toBe(part(ghes));
    expect(searchToken('host', 'node-7')).not.toBe(searchToken('part', 'node-7'));
    const words = encodeSummaryBlock(reference)[1]!.replace(/^<!-- ktriage:keys | -->$/g, '').split(' ');
    // Host, the sensor part, the signature, and the word every report carries.
    expect(words).toEqual([SUMMARY_TOKEN, ...matchKeys(reference).map((k) => k.token)]);
    expect(words).toHaveLength(4);
    for (const word of words) expect(word).toMatch(/^[a-z]+$/);
  });

  it('cannot be closed early by "--", "-->" or "<!--" in what the inputs printed', () => {
    const label = 'A --> <b>x</b> <!-- y --!> ---- z -';
    const hostile: IncidentSummary = { ...ghes, hostname: 'node--7', parts: [{ type: 'dimm', key: 'node--7|dimm|A', label }] };
    const [block] = encodeSummaryBlock(hostile);
    const inner = block!.slice(4, -3);
    expect(inner).not.toMatch(/--|<|>/);
    expect(decodeSummaryBlock(block)?.parts[0]!.label).toBe(label);
    expect(JSON.parse(commentSafeJson({ s: '--->' }))).toEqual({ s: '--->' });
  });

  it('stays bounded whatever the inputs printed', () => {
    const parts = Array.from({ length: 500 }, (_, i) => ({ type: 'dimm' as const, key: `node-7|dimm|${'X'.repeat(5000)}${i}`, label: 'L'.repeat(10_000) }));
    const [block, keys] = encodeSummaryBlock({ ...ghes, signature: 's'.repeat(100_000), parts });
    expect(block!.length).toBeLessThan(MAX_BLOCK_CHARS + 100);
    const back = decodeSummaryBlock(block)!;
    expect(back.parts.length).toBeGreaterThan(0);
    expect(back.parts[0]!.label).toHaveLength(200);
    expect(keys!.split(' ').length).toBeLessThan(30);
  });

  it('ignores blocks it cannot read rather than half-reading them', () => {
    const [block] = encodeSummaryBlock(ghes);
    expect(decodeSummaryBlock(block!.replace('"summaryVersion":1', '"summaryVersion":2'))).toBeUndefined();
    expect(decodeSummaryBlock(block!.replace('"parts":[', '"parts":[7,'))).toBeUndefined();
    expect(decodeSummaryBlock(block!.replace('{"summaryVersion"', '{summaryVersion'))).toBeUndefined();
    expect(decodeSummaryBlock('no block here')).toBeUndefined();
    expect(decodeSummaryBlock(null)).toBeUndefined();
  });
});

describe('seen before', () => {
  it('finds the same DIMM on the same host, the same host, and the same signature on another host', () => {
    const otherHost = { ...reference, hostname: 'node-3', parts: reference.parts.map((p) => ({ ...p, key: p.key.replace(/^node-2/, 'node-3') })) };
    const sameHostOtherPart = { ...ghes, parts: [{ type: 'dimm' as const, key: 'node-7|dimm|CPU1_DIMM_A0', label: 'CPU1_DIMM_A0' }] };
    const earlier = [incident('#12', ghes), incident('#9', otherHost), incident('#11', sameHostOtherPart), incident('#14', reference)];
    const forEdac = seenBefore(incident('#13', edac), earlier);
    expect(forEdac.parts.map((p) => [p.key, p.incidents.map((i) => i.id)])).toEqual([['node-7|dimm|CPU2_DIMM_F0', ['#12']]]);
    expect(forEdac.host.map((i) => i.id)).toEqual(['#11']);
    expect(forEdac.signature).toEqual([]);
    expect(recurrence(forEdac)).toBe('part');

    // The reference incident again on node-2: its own earlier report is a part recurrence; node-3 shares only the signature.
    const again = seenBefore(incident('#20', reference), earlier);
    expect(again.parts.flatMap((p) => p.incidents.map((i) => i.id))).toEqual(['#14']);
    expect(again.signature.map((i) => i.id)).toEqual(['#9']);
    const section = renderSeenBefore(again, incident('#20', reference), ref)!;
    expect(section).toContain('**Same part on this host:** RAS\\_MEMORY #0xeb (`node-2\\|sensor\\|memory\\|235`): `#14` (2024-03-27 12:46 UTC)');
    expect(section).toContain(`**Same signature on other hosts** (\`${reference.signature!.replace(/\|/g, '\\|')}\`): \`#9\` on node-3 (2024-03-27 12:46 UTC)`);
  });

  it('says nothing for an unrelated incident and never counts the incident itself', () => {
    const seen = seenBefore(incident('#14', reference), [incident('#12', ghes), incident('#13', edac), incident('#14', reference)]);
    expect(recurrence(seen)).toBe('none');
    expect(renderSeenBefore(seen, incident('#14', reference), ref)).toBeUndefined();
  });
});

describe('reading a long history', () => {
  it('relatedTo keeps exactly the incidents seenBefore can name, so a reader need not keep the others', () => {
    const otherHost = { ...reference, hostname: 'node-3', parts: [] };
    const all = [incident('#12', ghes), incident('#9', otherHost), incident('#14', reference), incident('#13', edac)];
    for (const current of [ghes, edac, reference, otherHost]) {
      const kept = all.filter((i) => relatedTo(current)(i.summary));
      expect(seenBefore(incident('new', current), kept)).toEqual(seenBefore(incident('new', current), all));
      const named = seenBefore(incident('new', current), all);
      expect(kept).toEqual(all.filter((i) => [...named.parts.flatMap((p) => p.incidents), ...named.host, ...named.signature].includes(i)));
    }
    // A kernel release alone relates nothing.
    expect(relatedTo({ ...edac, hostname: 'node-5', parts: [], kernelRelease: 'k' })({ ...ghes, kernelRelease: 'k' })).toBe(false);
  });

  it('sameIncident: one host at one UTC time, both known', () => {
    expect(reference.incidentUtc).not.toBeNull();
    expect(sameIncident(reference, { ...reference, hostname: 'NODE-2.dc1.example', parts: [] })).toBe(true);
    expect(sameIncident(reference, { ...reference, hostname: 'node-3' })).toBe(false);
    expect(sameIncident(reference, { ...reference, incidentUtc: '2024-03-31T12:46:40.382Z' })).toBe(false);
    expect(sameIncident({ ...reference, incidentUtc: null }, { ...reference, incidentUtc: null })).toBe(false);
    expect(sameIncident({ ...reference, hostname: null }, { ...reference, hostname: null })).toBe(false);
  });
});
