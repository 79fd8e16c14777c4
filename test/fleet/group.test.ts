// Grouping incidents by the keys of their summaries (issue #15 item 2, the pure half).
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { groupIncidents, type FleetIncident } from '../../src/fleet/group.js';
import { analyze, sourceFromText } from '../../src/index.js';
import { viaSyslog } from '../report/via-syslog.js';

const read = (path: string) => readFileSync(path, 'utf8');

async function incident(id: string, text: string): Promise<FleetIncident> {
  const report = await analyze([sourceFromText(`${id}/messages`, text)]);
  return { id, source: id, summary: report.summary! };
}

describe('groupIncidents', () => {
  it('groups the same DIMM failing twice on one host, and keeps another host apart', async () => {
    const ghes = read('test/fixtures/kernel/hw/ghes-fatal-memory.log');
    const edac = read('test/fixtures/kernel/hw/edac-ue-dimm.log').split('\n')[0]!.replace('DIMM_A1', 'CPU2_DIMM_F0');
    const incidents = [
      await incident('a', viaSyslog(ghes, '2024-03-23T10:02:11+00:00', 'node-7')),
      await incident('b', viaSyslog(edac, '2024-03-27T20:48:45+00:00', 'node-7')),
      await incident('c', viaSyslog(edac, '2024-03-27T21:00:00+00:00', 'node-9')),
    ];
    const groups = groupIncidents(incidents);
    const part = groups.find((g) => g.by === 'part' && g.key === 'node-7|dimm|CPU2_DIMM_F0')!;
    expect(part.incidents).toEqual(['a', 'b']);
    expect(part.count).toBe(2);
    // First and last come from the incidents' own times, whatever they are.
    const times = incidents.slice(0, 2).map((i) => i.summary.incidentUtc);
    expect(times.every((t) => t !== null) && times[0]! < times[1]!).toBe(true);
    expect([part.first, part.last]).toEqual([times[0], times[1]]);
    expect(groups.filter((g) => g.by === 'host').map((g) => [g.key, g.incidents])).toEqual([
      ['node-7', ['a', 'b']],
      ['node-9', ['c']],
    ]);
    expect(groups.find((g) => g.key === 'node-9|dimm|CPU2_DIMM_F0')!.incidents).toEqual(['c']);
  });

  it('never groups incidents whose host is unknown', async () => {
    const mce = read('test/fixtures/kernel/hw/mce-intel-fatal-panic.log');
    const groups = groupIncidents([await incident('x', mce), await incident('y', mce)]);
    expect(groups.filter((g) => g.by === 'host' || g.by === 'part')).toEqual([]);
  });
});
