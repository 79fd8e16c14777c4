// Input globs → files to analyse, with every pattern that matched nothing reported by name.
// One walk of the folders the patterns start from (see ../cli/walk.ts: each folder once, links
// followed only inside them), every pattern matched against each path met: the default
// artifact list has 17 patterns, and walking the workspace once per pattern cost 17 walks.
import { Minimatch, type MinimatchOptions } from 'minimatch';
import { relative, resolve, sep } from 'node:path';
import { walk, type WalkedFile, type WalkSkip } from '../cli/walk.js';

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
  /** The files, in walk order (sorted within each folder), each once. */
  files: WalkedFile[];
  /** Links and entries left out, and files that could not be read, with the reason. */
  skipped: WalkSkip[];
  /** User patterns that matched no file. */
  unmatched: string[];
  usedDefaults: boolean;
}

// The pattern syntax of @actions/glob, which this replaces: no braces, no extglobs, dot files
// matched, `#` and a leading `!` handled here rather than by minimatch.
const GLOB: MinimatchOptions = { dot: true, nobrace: true, noext: true, nocomment: true, nonegate: true };

interface Pattern {
  given: string;
  /** Matches the path itself. */
  self: (path: string) => boolean;
  /** Matches a path under it (a folder named by a pattern means everything under it). */
  under: (path: string) => boolean;
  /** Whether something under this folder could match. */
  below: (folder: string) => boolean;
  /** `x/**`: a folder matching `x` is wholly covered (an exclude prunes it). */
  whole?: (folder: string) => boolean;
  /** The folder the walk starts from: the pattern's leading segments without glob characters. */
  base: string;
}

/** A compiled matcher: minimatch's regular expression (fast), its matcher when it has none. */
function matcher(glob: string): { test: (path: string) => boolean; partial: (path: string) => boolean } {
  const mm = new Minimatch(glob, GLOB);
  const re = mm.makeRe();
  return { test: re ? (path) => re.test(path) : (path) => mm.match(path), partial: (path) => mm.match(path, true) };
}

function compile(given: string, workspace: string): Pattern {
  const absolute = resolve(workspace, given).split(sep).join('/').replace(/(.)\/+$/, '$1');
  const segments = absolute.split('/');
  const firstGlob = segments.findIndex((segment) => /[*?[]/.test(segment));
  const base = firstGlob === -1 ? absolute : segments.slice(0, firstGlob).join('/') || '/';
  const self = matcher(absolute);
  const under = matcher(`${absolute}/**`);
  const whole = absolute.endsWith('/**') ? matcher(absolute.slice(0, -3)) : undefined;
  return { given, self: self.test, under: under.test, below: (folder) => under.partial(folder), ...(whole ? { whole: whole.test } : {}), base };
}

const matches = (pattern: Pattern, path: string) => pattern.self(path) || pattern.under(path);

/** Walk roots: each base once, and none inside another (that one's walk covers it). */
function roots(bases: string[]): string[] {
  const unique = [...new Set(bases)].sort();
  return unique.filter((base) => !unique.some((other) => other !== base && (base.startsWith(`${other}/`) || other === '/')));
}

export async function resolveFiles(patterns: string[], workspace: string): Promise<ResolvedFiles> {
  const usedDefaults = patterns.length === 0;
  const given = usedDefaults ? DEFAULT_ARTIFACTS.flatMap((row) => row.patterns) : patterns;
  const includes = given.filter((p) => !p.startsWith('!')).map((p) => compile(p, workspace));
  const excludes = [...given.filter((p) => p.startsWith('!')), ...ALWAYS_EXCLUDED].map((p) => compile(p.slice(1), workspace));
  const hits = new Set<Pattern>();
  const wanted = (path: string, isFolder: boolean): boolean => {
    if (isFolder) {
      if (excludes.some((pattern) => matches(pattern, path) || pattern.whole?.(path))) return false;
      // A folder is walked when some pattern could match below it.
      return includes.some((pattern) => pattern.below(path));
    }
    return matched(path);
  };
  /** Whether a file is wanted, noting which patterns matched it. */
  const matched = (path: string): boolean => {
    if (excludes.some((pattern) => matches(pattern, path))) return false;
    let any = false;
    for (const pattern of includes) {
      if (!matches(pattern, path)) continue;
      hits.add(pattern);
      any = true;
    }
    return any;
  };
  // A pattern that names a file (or a folder) directly is matched through the same walk.
  const walked = await walk(roots(includes.map((pattern) => pattern.base)), { hidden: true, wanted });
  // Roots named directly are taken by the walk whatever they are: match them here too.
  const files = walked.files.filter((file) => matched(file.path));
  // A base that does not exist is reported through its patterns ("matched no file"), not twice;
  // anything else the walk could not read (a looping link) was matched, and is reported.
  const missing = (skip: WalkSkip) => skip.unreadable && skip.reason === 'no such file or folder' && includes.some((p) => p.base === skip.path);
  const skipped = walked.skipped.filter((skip) => !missing(skip));
  for (const skip of skipped) matched(skip.path);
  const unmatched = usedDefaults ? [] : includes.filter((pattern) => !hits.has(pattern)).map((pattern) => pattern.given);
  return { files, skipped, unmatched, usedDefaults };
}

/** Report and annotation name for a file: relative to the workspace, with `/`. */
export function displayName(file: string, workspace: string): string {
  const rel = relative(workspace, file);
  return (rel.startsWith('..') ? file : rel).split(sep).join('/');
}
