// The six log shapes of `genlog-profiles.py` (busy RHEL messages, Ubuntu kern.log, journal
// short-iso, a 50-host rsyslog aggregate, a bare serial console, a noisy k8s node), each with the
// same six incidents planted. The generator's stdout lists them; the bench checks each was found
// on its CPU (and, in the aggregate, on its host).
import { execFileSync } from 'node:child_process';
import { join } from 'node:path';

const GENERATOR = join(import.meta.dirname, 'genlog-profiles.py');

export const PROFILES = ['rhel-messages', 'ubuntu-kernlog', 'journal-short-iso', 'multi-host', 'console-dmesg', 'k8s-noisy'] as const;

/** The generator's incident names → the report's event kinds. */
const KIND: Record<string, string> = {
  'soft-lockup': 'soft-lockup',
  'rcu-stall': 'rcu-stall',
  'hung-task': 'hung-task',
  'hard-lockup': 'hard-lockup',
  'csd-lock': 'csd-lock-timeout',
  mce: 'mce',
};

/** [1-based header line, kind, CPU the header names or null]. */
export type PlantedIncident = [number, string, number | null];

export interface FoundEvent {
  kind: string;
  cpu?: number;
  cpus?: number[];
  line: number;
}

export function generateProfile(profile: string, bytes: number, file: string): PlantedIncident[] {
  const out = execFileSync('python3', [GENERATOR, '--profile', profile, '--mb', String(bytes / 1024 / 1024), '--out', file], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'ignore'],
  });
  return JSON.parse(out) as PlantedIncident[];
}

/** Found = an event of the planted kind on the planted header line naming the planted CPU. */
export function checkPlanted(planted: PlantedIncident[], events: FoundEvent[]): { ok: boolean; found: number; text: string } {
  const missing: string[] = [];
  for (const [line, kind, cpu] of planted) {
    const hit = events.find(
      (e) => e.kind === KIND[kind] && e.line === line && (cpu === null || e.cpu === cpu || (e.cpus ?? []).includes(cpu)),
    );
    if (!hit) missing.push(`${kind}${cpu === null ? '' : `/cpu${cpu}`}@${line}`);
  }
  const found = planted.length - missing.length;
  return { ok: missing.length === 0, found, text: `${found}/${planted.length} found with their CPUs${missing.length ? ` (missing ${missing.join(' ')})` : ''}` };
}
