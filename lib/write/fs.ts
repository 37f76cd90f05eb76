// The disk side of the write path, for a folder that someone else may have prepared: every path is checked to
// stay inside the project without passing through a link; files are read only when they are regular files of a
// sane size; a run writes everything or nothing, with no moment at which a file is missing.
//
// Writing follows write-file-atomic's discipline: each file's new content goes to a temporary file made
// exclusively (O_EXCL, O_NOFOLLOW, an unpredictable name) beside it and flushed; a file being replaced gets a
// second hard link (the backup) first; then each temporary file is renamed over its destination, which replaces
// it in one step. A journal lists the run's temporary files and backups before the first rename, so that a run
// killed in the middle is rolled back by the next one (recoverInterrupted). A lock keeps a second run out.
import { randomBytes } from 'node:crypto';
import {
  closeSync, constants, fsyncSync, linkSync, lstatSync, mkdirSync, openSync, readdirSync, readSync, renameSync, rmdirSync,
  unlinkSync, utimesSync, writeFileSync, writeSync, type Stats,
} from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { InputError } from '../errors.js';
import { FileProblem, MiB } from '../files.js';
import { contentHash } from './hash.js';

/** A file that could not be written, relative to the root; everything this run wrote was put back. */
export class WriteFailure extends Error {
  override name = 'WriteFailure';
  constructor(readonly path: string, override readonly cause: NodeJS.ErrnoException) {
    super(`${path}: ${cause.message}`);
  }
}

/** No file ifplugin writes is anywhere near this: a bigger one in its place is not one of its files. */
const FILE_LIMIT = 4 * MiB;
const LOCK = '.ifplugin.lock';
const JOURNAL = '.ifplugin-journal.json';
/** Names of this module's temporary files and backups: `.<file>.ifplugin-<12 hex>.tmp` or `.orig`. */
const OURS = /^\.(.+)\.ifplugin-[0-9a-f]{12}\.(tmp|orig)$/;
/** What older versions left: `<file>.ifplugin-<pid>.tmp` or `.orig`. */
const OLDER = /^(.+)\.ifplugin-\d+\.(tmp|orig)$/;

function lstatOf(path: string): Stats | undefined {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

/** Why a relative path from a plan could lead outside its root, or undefined when it cannot. */
export function pathProblem(path: string): string | undefined {
  if (path === '' || path.startsWith('/') || path.includes('\\') || path.includes('\0')) return 'is not a relative path';
  if (path.split('/').some((part) => part === '' || part === '.' || part === '..')) return 'has an empty, "." or ".." part';
  return undefined;
}

/**
 * The folders from `root` down to `path`'s own, checked: each is a real folder (no link, no file) or absent.
 * Throws an InputError naming the first that is not. `show` turns an absolute path into the form messages use.
 */
function checkFolders(root: string, path: string, show: (p: string) => string): void {
  const problem = pathProblem(path);
  if (problem) throw new InputError(`${path} ${problem}: ifplugin writes only inside the project`);
  const parts = path.split('/');
  let dir = root;
  for (const part of parts.slice(0, -1)) {
    dir = join(dir, part);
    const s = lstatOf(dir);
    if (s === undefined) return;
    if (s.isSymbolicLink()) {
      throw new InputError(`${show(dir)} is a symbolic link: ifplugin writes nothing through a link, which could lead outside the project; make it a folder`);
    }
    if (!s.isDirectory()) throw new InputError(`${show(dir)} is a file where ifplugin needs a folder (for ${path}): move it away`);
  }
}

/**
 * The current content of each path under `root` (undefined where there is nothing), read only from regular
 * files. Anything else in the way (a folder, a link, a device, a FIFO, a huge file, a link among the folders) is
 * an InputError naming it, before anything is written.
 */
export function currentContents(root: string, paths: string[], show: (p: string) => string): (string | undefined)[] {
  const rootStat = lstatOf(root);
  if (rootStat && !rootStat.isDirectory() && !(rootStat.isSymbolicLink() && lstatOf(join(root, '.'))?.isDirectory())) {
    throw new InputError(`${show(root)} is not a folder`);
  }
  return paths.map((path) => {
    checkFolders(root, path, show);
    const full = join(root, path);
    const s = lstatOf(full);
    if (s === undefined) return undefined;
    if (s.isSymbolicLink()) throw new InputError(`${show(full)} is a symbolic link where ifplugin writes a file: replace it with a regular file, or move it away`);
    if (!s.isFile()) throw new InputError(`${show(full)} is ${s.isDirectory() ? 'a folder' : 'not a regular file'} where ifplugin writes a file: move it away`);
    try {
      return readRegular(full);
    } catch (e) {
      if (e instanceof FileProblem) throw new InputError(`${show(full)} ${e.reason}: ifplugin cannot compare it with what it writes`);
      throw e;
    }
  });
}

/** A regular file's text, without following a link or blocking, at most FILE_LIMIT bytes. */
function readRegular(full: string): string {
  const fd = openSync(full, constants.O_RDONLY | constants.O_NOFOLLOW | constants.O_NONBLOCK);
  try {
    const chunks: Buffer[] = [];
    let total = 0;
    for (;;) {
      const chunk = Buffer.alloc(64 * 1024);
      const n = readSync(fd, chunk, 0, chunk.length, null);
      if (n === 0) break;
      total += n;
      if (total > FILE_LIMIT) throw new FileProblem('is larger than 4 MiB');
      chunks.push(chunk.subarray(0, n));
    }
    return Buffer.concat(chunks).toString('utf8');
  } finally {
    closeSync(fd);
  }
}

const random = () => randomBytes(6).toString('hex');

/**
 * A new file beside `full`, made exclusively (never through a link, never an existing one), with `text`. `flush`:
 * on disk before it replaces a file, so that a crash can never leave an empty file where the user's was (a new
 * file replaces nothing, and is not worth the time a flush takes).
 */
function writeNew(full: string, text: string, mode: number, flush: boolean): string {
  for (;;) {
    const temp = join(dirname(full), `.${basename(full)}.ifplugin-${random()}.tmp`);
    let fd: number;
    try {
      fd = openSync(temp, constants.O_WRONLY | constants.O_CREAT | constants.O_EXCL | constants.O_NOFOLLOW, mode);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'EEXIST') continue;
      throw e;
    }
    try {
      writeSync(fd, text);
      if (flush) fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
    return temp;
  }
}

/** A second hard link to `full`, under an unpredictable name beside it: the file as it was, for a rollback. */
function backupOf(full: string): string {
  for (;;) {
    const backup = join(dirname(full), `.${basename(full)}.ifplugin-${random()}.orig`);
    try {
      linkSync(full, backup);
      return backup;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
    }
  }
}

export interface Change {
  /** Relative to the root. */
  path: string;
  /** The new content; undefined removes the file. */
  content?: string;
}

interface Entry {
  path: string;
  temp?: string;
  backup?: string;
  /** The hash of the new content of a created file: what a recovery may remove. */
  created?: string;
  placed?: boolean;
}

/**
 * Writes the changes all or nothing. Returns the transaction so that the caller can still roll it back (a signal
 * that arrived while writing) or finish it (remove the backups and the journal).
 */
export function writeChanges(root: string, changes: Change[]): { rollback(): void; finish(): void } {
  const entries: Entry[] = [];
  const madeDirs: string[] = [];
  const touched = new Map<string, Stats>();
  const remember = (dir: string) => {
    if (!touched.has(dir)) {
      const s = lstatOf(dir);
      if (s) touched.set(dir, s);
    }
  };
  const journal = join(root, JOURNAL);
  let current = '';
  const rollback = () => {
    const quietly = (f: () => void) => {
      try {
        f();
      } catch {
        // Best effort: put back as much as possible.
      }
    };
    for (const e of [...entries].reverse()) {
      const full = join(root, e.path);
      if (e.backup && e.placed) quietly(() => renameSync(e.backup!, full));
      else if (e.backup) quietly(() => unlinkSync(e.backup!));
      else if (e.placed) quietly(() => unlinkSync(full));
      if (e.temp && !e.placed) quietly(() => unlinkSync(e.temp!));
    }
    quietly(() => unlinkSync(journal));
    for (const dir of [...madeDirs].reverse()) quietly(() => rmdirSync(dir));
    // In seconds with a fraction: a Date would round the times to the millisecond.
    for (const [dir, s] of touched) quietly(() => utimesSync(dir, s.atimeMs / 1000, s.mtimeMs / 1000));
  };
  try {
    for (const change of changes) {
      current = change.path;
      const full = join(root, change.path);
      // The folders again, just before use: nothing may have become a link since they were checked.
      checkFolders(root, change.path, (p) => p);
      let dir = root;
      for (const part of change.path.split('/').slice(0, -1)) {
        remember(dir);
        dir = join(dir, part);
        if (!lstatOf(dir)) {
          mkdirSync(dir);
          madeDirs.push(dir);
        }
      }
      remember(dir);
      const old = lstatOf(full);
      const entry: Entry = { path: change.path };
      entries.push(entry);
      if (old) entry.backup = backupOf(full);
      // An overwritten file keeps its permissions (an executable script stays executable).
      if (change.content !== undefined) {
        entry.temp = writeNew(full, change.content, old ? old.mode & 0o7777 : 0o666, old !== undefined);
        if (!old) entry.created = contentHash(change.content);
      }
    }
    // Flushed when it protects a file that exists: a power cut then still leaves a way back.
    writeFileSync(journal, JSON.stringify({ pid: process.pid, entries }), { flag: 'wx', flush: entries.some((e) => e.backup) });
    for (const e of entries) {
      current = e.path;
      const full = join(root, e.path);
      if (e.temp) renameSync(e.temp, full);
      else unlinkSync(full);
      e.placed = true;
    }
  } catch (e) {
    rollback();
    if (e instanceof InputError) throw e;
    throw new WriteFailure(current, e as NodeJS.ErrnoException);
  }
  return {
    rollback,
    finish: () => {
      for (const e of entries) if (e.backup) unlinkSync(e.backup);
      unlinkSync(journal);
    },
  };
}

/** Holds the project's lock until `release` is called; an InputError when another live run holds it. */
export function lock(root: string, show: (p: string) => string): { release(): void } {
  const file = join(root, LOCK);
  for (let attempt = 0; ; ) {
    // Written whole under a private name, then linked into place: a lock is never seen without its pid. The name
    // is one of this module's temporary names, so that one left by a killed run is removed by the next
    // (recoverInterrupted); when that removes ours before the link, it is made again.
    const temp = join(root, `.${LOCK}.ifplugin-${random()}.tmp`);
    writeFileSync(temp, `${process.pid}\n`, { flag: 'wx', mode: 0o644 });
    try {
      linkSync(temp, file);
      return { release: () => unlinkSync(file) };
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'ENOENT') continue;
      if (code !== 'EEXIST' || attempt++ > 0) throw e;
    } finally {
      try {
        unlinkSync(temp);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
      }
    }
    const s = lstatOf(file);
    let pid = NaN;
    if (s?.isFile()) {
      try {
        pid = Number(readRegular(file).trim());
      } catch {
        // An unreadable lock is somebody's: left alone, reported below.
      }
    }
    if (!Number.isInteger(pid) || pid <= 0 || alive(pid)) {
      throw new InputError(
        `another ifplugin run${Number.isInteger(pid) && pid > 0 ? ` (process ${pid})` : ''} is writing in ${show(root)}: ` +
          `wait for it to end${Number.isInteger(pid) ? '' : `, or remove ${show(file)} if no run is going on`}`,
      );
    }
    unlinkSync(file); // its run ended without removing it
  }
}

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** Whether a run was interrupted in `root` while writing (its journal is still there). */
export function interruptedRun(root: string): boolean {
  return lstatOf(join(root, JOURNAL)) !== undefined;
}

/**
 * Puts back what an interrupted run left in `root`: a journal is rolled back (the files it replaced come back,
 * those it created go), and temporary files and backups of ours are removed from the folders of `paths`. Returns
 * a line for each thing done, and for leftovers of an older version that are only reported.
 */
export function recoverInterrupted(root: string, paths: string[], show: (p: string) => string): string[] {
  const said: string[] = [];
  const journal = join(root, JOURNAL);
  if (lstatOf(journal)?.isFile()) {
    let entries: Entry[] = [];
    try {
      entries = (JSON.parse(readRegular(journal)) as { entries: Entry[] }).entries;
    } catch {
      said.push(`${show(journal)} could not be read: the interrupted run it describes was not rolled back`);
    }
    let put = 0;
    for (const e of entries) {
      if (typeof e?.path !== 'string' || pathProblem(e.path)) continue;
      const full = join(root, e.path);
      const inside = (p?: string) => typeof p === 'string' && dirname(p) === dirname(full) && OURS.test(basename(p));
      if (inside(e.backup) && lstatOf(e.backup!)?.isFile()) {
        renameSync(e.backup!, full);
        put++;
      } else if (e.created && lstatOf(full)?.isFile() && contentHash(readRegular(full)) === e.created) {
        unlinkSync(full);
        put++;
      }
      if (inside(e.temp) && lstatOf(e.temp!)) unlinkSync(e.temp!);
    }
    unlinkSync(journal);
    said.push(`an interrupted run was rolled back: ${put} file(s) put back as they were`);
  }
  let removed = 0;
  const folders = new Set(paths.map((p) => dirname(join(root, p))));
  for (const dir of folders) {
    let names: string[];
    try {
      names = readdirSync(dir);
    } catch {
      continue;
    }
    for (const name of names) {
      const full = join(dir, name);
      if (OURS.test(name)) {
        // A leftover temporary file or backup; unlink removes a link itself, never what it points to.
        unlinkSync(full);
        removed++;
      } else if (OLDER.test(name)) {
        said.push(`${show(full)} was left by an interrupted run of an older ifplugin: compare it with ${show(join(dir, OLDER.exec(name)![1]))} and remove it`);
      }
    }
  }
  if (removed) said.push(`${removed} temporary file(s) left by an interrupted run were removed`);
  return said;
}
