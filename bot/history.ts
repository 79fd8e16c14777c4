// `/analyze history` (issue #15 item 3): the fleet view of the repository's ktriage incidents, as
// the same bounded lookup finds them (bot/memory.ts), rendered by the fleet renderer of the CLI.
import { FLEET_SCHEMA_VERSION, type FleetResult } from '../src/cli/fleet.js';
import { groupIncidents } from '../src/fleet/group.js';
import { fleetMarkdown } from '../src/render/fleet.js';
import { md, text, type Md } from '../src/render/md.js';
import { fitComment } from './compose.js';
import { lookupAll, type LookupOptions, type MemoryClient } from './memory.js';

export async function historyReply(client: MemoryClient, options: Omit<LookupOptions, 'exclude'>): Promise<{ ok: boolean; body: string }> {
  const found = await lookupAll(client, options);
  if (found.status === 'skipped') {
    return { ok: false, body: fitComment(md`ktriage could not list this repository's incidents: ${text(found.why)}. Try again later.`) };
  }
  if (found.incidents.length === 0) {
    return { ok: true, body: fitComment(md`ktriage found no earlier report of its own in this repository's issues. Reports written before the app carried incident summaries are not found.`) };
  }
  const fleet: FleetResult = { schemaVersion: FLEET_SCHEMA_VERSION, incidents: found.incidents, groups: groupIncidents(found.incidents), skipped: [] };
  const scope: Md =
    found.searched >= options.maxIssues
      ? md`the ${options.maxIssues} most recently updated issues with a ktriage report (\`memory.historyIssues\`); older ones are not listed`
      : md`every issue with a ktriage report that GitHub's issue search returned`;
  return { ok: true, body: fitComment(md`${fleetMarkdown(fleet)}\n\n<sub>From ${scope}. Only the app's own report comments are read.</sub>\n`) };
}
