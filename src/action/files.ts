// Input globs → files to analyse, with every pattern that matched nothing reported by name.
import { create } from '@actions/glob';
import { relative, sep } from 'node:path';

/**
 * What the Action looks for when `paths` is empty: the names operators give the artifacts
 * ktriage reads. One row per kind of artifact, with a real file name it catches.
 */
export const DEFAULT_ARTIFACTS: readonly { kind: string; example: string; patterns: string[] }[] = [
  { kind: 'console / dmesg capture', example: 'console-softlockup.log', patterns: ['**/*.log', '**/*.log.[0-9]', '**/dmesg*', '**/console*'] },
  { kind: 'syslog / journal export', example: 'messages', patterns: ['**/messages', '**/messages-*', '**/messages.[0-9]', '**/syslog', '**/syslog.[0-9]', '**/journal*.txt'] },
  { kind: 'IPMI SEL dump', example: 'sel-list.txt', patterns: ['**/*sel*.txt', '**/*sel*.csv', '**/*sel*.json'] },
  { kind: 'crash/objdump listing', example: 'dis-smp_call_function_many_cond.txt', patterns: ['**/dis-*.txt', '**/*.dis', '**/*objdump*.txt'] },
  { kind: 'pasted notes', example: 'notes.txt', patterns: ['**/*.txt'] },
];

/** Never artifacts, and walking them is slow: applied to default and user patterns alike. */
export const ALWAYS_EXCLUDED = ['!**/node_modules/**', '!**/.git/**'];

export interface ResolvedFiles {
  /** Absolute paths, sorted, each once. */
  files: string[];
  /** User patterns that matched no file. */
  unmatched: string[];
  usedDefaults: boolean;
}

async function globOne(include: string, excludes: string[]): Promise<string[]> {
  // Symbolic links are not followed here: a broken or looping link must reach the reader
  // as a file, so it is reported as unreadable instead of vanishing or aborting the walk.
  const globber = await create([include, ...excludes].join('\n'), { followSymbolicLinks: false, matchDirectories: false, implicitDescendants: true });
  return globber.glob();
}

export async function resolveFiles(patterns: string[]): Promise<ResolvedFiles> {
  const usedDefaults = patterns.length === 0;
  const given = usedDefaults ? DEFAULT_ARTIFACTS.flatMap((row) => row.patterns) : patterns;
  const includes = given.filter((p) => !p.startsWith('!'));
  const excludes = [...given.filter((p) => p.startsWith('!')), ...ALWAYS_EXCLUDED];
  const files = new Set<string>();
  const unmatched: string[] = [];
  for (const include of includes) {
    const found = await globOne(include, excludes);
    if (found.length === 0 && !usedDefaults) unmatched.push(include);
    for (const file of found) files.add(file);
  }
  return { files: [...files].sort(), unmatched, usedDefaults };
}

/** Report and annotation name for a file: relative to the workspace, with `/`. */
export function displayName(file: string, workspace: string): string {
  const rel = relative(workspace, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}
