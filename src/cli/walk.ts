// The one folder walk behind the CLI's paths and the Action's globs. Folders are told apart by
// device and inode, so each is read once however many links lead to it (`a -> .` or two links
// pointing at each other used to send the walk round until the kernel's 40-link limit, or
// forever); a link is followed only when its real target lies inside one of the given roots,
// so a link cannot pull in (or loop through) the rest of the machine. Every entry left out
// for one of these reasons is returned with the reason: nothing is dropped silently.
import type { Dirent, Stats } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join, sep } from 'node:path';

export interface WalkedFile {
  /** The path as reached: the root as given, joined with the names under it. */
  path: string;
  /** Known up front for regular files; a pipe's size is not. */
  size?: number;
  /** Last modification (ms since epoch) of a regular file: a year-less log was written that year or before. */
  modifiedMillis?: number;
  /** Index of the root it was found under. */
  root: number;
}

export interface WalkSkip {
  path: string;
  reason: string;
  /** The entry could not be read at all (vs. left out on purpose). */
  unreadable: boolean;
}

export interface WalkOptions {
  /** Read names starting with `.` inside folders (the CLI does not; globs match them). */
  hidden?: boolean;
  /**
   * Whether to look at a path met inside a folder: for a folder, whether anything under it
   * may be wanted; for a file, whether it is wanted. Paths it refuses are not reported.
   */
  wanted?: (path: string, isFolder: boolean) => boolean;
}

export interface WalkResult {
  files: WalkedFile[];
  skipped: WalkSkip[];
}

function describeError(error: unknown): string {
  const e = error as NodeJS.ErrnoException;
  if (e.code === 'ENOENT') return 'no such file or folder';
  return e.message ?? String(error);
}

function kindOf(info: Stats): string {
  if (info.isFIFO()) return 'a FIFO';
  if (info.isSocket()) return 'a socket';
  if (info.isCharacterDevice() || info.isBlockDevice()) return 'a device';
  return 'not a regular file';
}

const identity = (info: Stats) => `${info.dev}:${info.ino}`;

function inside(real: string, roots: readonly string[]): boolean {
  return roots.some((root) => real === root || real.startsWith(root.endsWith(sep) ? root : root + sep));
}

export async function walk(roots: readonly string[], options: WalkOptions = {}): Promise<WalkResult> {
  const files: WalkedFile[] = [];
  const skipped: WalkSkip[] = [];
  /** Folders and files already taken, by identity → the path they were first reached by. */
  const seen = new Map<string, string>();
  /** The root being walked, recorded with each file. */
  let root = 0;
  const unreadable = (path: string, error: unknown) => skipped.push({ path, reason: describeError(error), unreadable: true });
  const leftOut = (path: string, reason: string) => skipped.push({ path, reason, unreadable: false });

  // Links are judged against every root's real path, so they are all resolved first.
  const given: { path: string; info?: Stats }[] = [];
  const realRoots: string[] = [];
  for (const path of roots) {
    try {
      const info = await stat(path);
      given.push({ path, info });
      if (info.isDirectory()) realRoots.push(await realpath(path));
    } catch (error) {
      given.push({ path });
      unreadable(path, error);
    }
  }

  /** True the first time a folder or file is met; afterwards says which path had it. */
  const first = (path: string, info: Stats): boolean => {
    const earlier = seen.get(identity(info));
    if (earlier === undefined) {
      seen.set(identity(info), path);
      return true;
    }
    leftOut(path, `the same ${info.isDirectory() ? 'folder' : 'file'} as ${earlier}, which is read already`);
    return false;
  };

  const take = (path: string, info: Stats, explicit: boolean): void => {
    if (info.isFile()) {
      if (first(path, info)) files.push({ path, size: info.size, modifiedMillis: info.mtimeMs, root });
    } else if (explicit && info.isFIFO()) {
      // A pipe named on the command line (`analyze <(zcat log.gz)` passes /dev/fd/63) is read
      // like standard input; one met inside a folder could block the walk, so it is not.
      if (first(path, info)) files.push({ path, root });
    } else {
      skipped.push({ path, reason: `${kindOf(info)}, not read${explicit ? '' : ' inside a folder'}`, unreadable: true });
    }
  };

  const descend = async (dir: string): Promise<void> => {
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch (error) {
      unreadable(dir, error);
      return;
    }
    entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    for (const entry of entries) {
      if (!options.hidden && entry.name.startsWith('.')) continue;
      const path = join(dir, entry.name);
      if (entry.isSymbolicLink()) {
        let info: Stats;
        let real: string;
        try {
          info = await stat(path);
          real = await realpath(path);
        } catch (error) {
          // A dangling or self-referring link: an input that cannot be read, said so.
          if (!options.wanted || options.wanted(path, false)) unreadable(path, error);
          continue;
        }
        if (options.wanted && !options.wanted(path, info.isDirectory())) continue;
        if (!inside(real, realRoots)) {
          leftOut(path, `a symbolic link to ${real}, outside the folders given: not followed`);
          continue;
        }
        if (info.isDirectory()) await enter(path, info);
        else take(path, info, false);
        continue;
      }
      if (options.wanted && !options.wanted(path, entry.isDirectory())) continue;
      let info: Stats;
      try {
        info = await stat(path);
      } catch (error) {
        unreadable(path, error);
        continue;
      }
      if (info.isDirectory()) await enter(path, info);
      else take(path, info, false);
    }
  };

  const enter = async (path: string, info: Stats): Promise<void> => {
    if (first(path, info)) await descend(path);
  };

  for (const [index, { path, info }] of given.entries()) {
    root = index;
    if (!info) continue;
    if (info.isDirectory()) await enter(path, info);
    else take(path, info, true);
  }
  return { files, skipped };
}
