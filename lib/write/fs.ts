// The disk side of a plan: what is there now, and writing files into a folder all or nothing: a failure while
// writing puts back what this run changed, so the folder is as it was.
import { chmodSync, lstatSync, mkdirSync, readFileSync, renameSync, rmSync, statSync, utimesSync, writeFileSync, type Stats } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import type { Plan } from './plan.js';

/** A file that could not be written, relative to the root; everything this run wrote was put back. */
export class WriteFailure extends Error {
  override name = 'WriteFailure';
  constructor(readonly path: string, override readonly cause: NodeJS.ErrnoException) {
    super(`${path}: ${cause.message}`);
  }
}

/** A planned file compared with the disk: nothing there, the same content, or other content. */
export type DiskState = 'absent' | 'same' | 'different';

/** The file's status, following links; undefined when there is nothing there (or a parent is not a folder). */
function statOf(path: string): Stats | undefined {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

function lexists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

/**
 * How each planned file compares with what is on disk. Something in the way that no run may replace (a folder
 * where a file goes, a file where a folder goes, a device, a broken link) is an InputError naming it, before
 * anything is written. `show` turns an absolute path into the form messages use.
 */
export function diskStates(plan: Plan, show: (path: string) => string): DiskState[] {
  return plan.files.map(({ path, content }) => {
    const full = join(plan.root, path);
    const stat = statOf(full);
    if (stat === undefined) {
      if (lexists(full)) throw new InputError(`${show(full)} is a broken symbolic link where ifplugin writes a file: remove it or move it away`);
      for (let dir = dirname(full); dir !== dirname(dir); dir = dirname(dir)) {
        const d = statOf(dir);
        if (d === undefined) continue;
        if (!d.isDirectory()) throw new InputError(`${show(dir)} is a file where ifplugin needs a folder (for ${path}): move it away`);
        break;
      }
      return 'absent';
    }
    if (!stat.isFile()) {
      throw new InputError(`${show(full)} is ${stat.isDirectory() ? 'a folder' : 'not a regular file'} where ifplugin writes a file: move it away`);
    }
    return readFileSync(full, 'utf8') === content ? 'same' : 'different';
  });
}

/**
 * Writes every created or changed file. Each file goes to a temporary name first; only when all were written
 * are they renamed into place, each replaced file kept aside until the end. On any failure the temporaries and
 * new folders are removed, replaced files are put back, and the times of the folders touched are restored.
 */
export function writeFiles(root: string, toWrite: { path: string; content: string }[]): void {
  const tag = `.ifplugin-${process.pid}`;
  const touched = new Map<string, Stats>();
  const madeDirs: string[] = [];
  const temps: { path: string; temp: string; full: string; backup?: string; placed?: boolean }[] = [];
  let current = '';
  // The existing folder nearest to `dir`: its entries change, so its times are restored on failure.
  const remember = (dir: string): void => {
    for (let d = dir; ; d = dirname(d)) {
      const s = statOf(d);
      if (s) {
        if (!touched.has(d)) touched.set(d, s);
        return;
      }
      if (dirname(d) === d) return;
    }
  };
  try {
    for (const { path, content } of toWrite) {
      current = path;
      const full = join(root, path);
      const dir = dirname(full);
      remember(dir);
      if (!statOf(dir)) {
        const first = mkdirSync(dir, { recursive: true });
        if (first) madeDirs.push(first);
      }
      const temp = `${full}${tag}.tmp`;
      temps.push({ path, temp, full });
      writeFileSync(temp, content);
      // An overwritten file keeps its permissions (an executable script stays executable).
      const old = statOf(full);
      if (old) chmodSync(temp, old.mode & 0o7777);
    }
    for (const t of temps) {
      current = t.path;
      // A file being replaced is kept aside until the end. A folder there can only be one this run made (diffPlan
      // refused any other): the plan collides with itself, and the rename below fails.
      if (lexists(t.full) && !lstatSync(t.full).isDirectory()) {
        renameSync(t.full, `${t.full}${tag}.orig`);
        t.backup = `${t.full}${tag}.orig`;
      }
      renameSync(t.temp, t.full);
      t.placed = true;
    }
  } catch (e) {
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // Best effort: put back as much as possible, and report the error that stopped the run.
      }
    };
    for (const t of [...temps].reverse()) {
      if (t.placed) quietly(() => rmSync(t.full, { force: true }));
      if (t.backup) quietly(() => renameSync(t.backup!, t.full));
      quietly(() => rmSync(t.temp, { force: true }));
    }
    for (const dir of madeDirs.reverse()) quietly(() => rmSync(dir, { recursive: true, force: true }));
    // In seconds with a fraction: a Date would round the times to the millisecond.
    for (const [dir, s] of touched) quietly(() => utimesSync(dir, s.atimeMs / 1000, s.mtimeMs / 1000));
    throw new WriteFailure(current, e as NodeJS.ErrnoException);
  }
  for (const t of temps) if (t.backup) rmSync(t.backup, { force: true });
}
