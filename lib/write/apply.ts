// Applying a plan, the same way for every command and every front end: take the project's lock, compare with the
// disk, merge what the author changed with what the new answers change, list the plan on --dry-run, resolve true
// conflicts (--force, --conflict-markers, a question per file in a terminal, or one error without one), then
// write everything or nothing, and report each file. Nothing but --force, or the author's own answer, ever
// discards an edit.
import { lstatSync, mkdirSync, rmdirSync, statSync, utimesSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { InputError, Interrupted } from '../errors.js';
import type { Host, Prompter } from '../host.js';
import { displayPath, visible } from '../text.js';
import { unifiedDiff } from './diff.js';
import { currentContents, interruptedRun, lock, recoverInterrupted, WriteFailure, writeChanges, type Change } from './fs.js';
import { contentHash } from './hash.js';
import { lineRange, merge3, type MergeConflict } from './merge.js';
import type { Applied, FileReport, Plan, PlannedFile, Status } from './plan.js';

export interface ApplyOptions {
  /** Overwrite files changed since ifplugin wrote them. */
  force: boolean;
  /** Write a true conflict with git's conflict markers, and end with an error. */
  conflictMarkers?: boolean;
  /** List what would happen and write nothing. */
  dryRun: boolean;
  /** Present when the run may ask: conflicts are then decided file by file. */
  prompter?: Prompter;
}

interface Decision {
  status: Status;
  /** What is written, for the statuses that write. */
  content?: string;
  /** The file as it is now. */
  current?: string;
  /** A true conflict's lines, and the file with markers. */
  conflicts?: MergeConflict[];
  marked?: string;
}

/** How one planned file compares with the disk, and what the run does with it unless told otherwise. */
function decide(file: PlannedFile, current: string | undefined, written: string | undefined): Decision {
  if (current === undefined) return { status: 'create', content: file.content };
  if (current === file.content) return { status: 'identical', current };
  if (file.role !== 'generated') return { status: 'update', content: file.content, current };
  const untouched = (written !== undefined && contentHash(current) === written) || current === file.base;
  if (untouched) return { status: 'update', content: file.content, current };
  // Changed since ifplugin wrote it: merged with what the new answers change, if what it wrote is known.
  if (file.base === undefined) return { status: 'conflict', current, conflicts: [] };
  if (file.base === file.content) return { status: 'keep', current };
  const merged = merge3(file.base, current, file.content);
  if (merged.clean) return { status: 'merge', content: merged.text, current };
  return { status: 'conflict', current, conflicts: merged.conflicts, marked: merged.marked };
}

/** "README.md (lines 3-4)"; "README.md" when there is no record of what ifplugin wrote there. */
function conflictText(path: string, d: Decision): string {
  const lines = (d.conflicts ?? []).map(lineRange);
  return `${visible(path)}${lines.length ? ` (${lines.join(', ')})` : ''}`;
}

/** The error for files changed by the author and by the new answers, when nobody may decide. */
export function conflictError(where: string, conflicts: string[]): InputError {
  return new InputError(
    `${conflicts.length} file(s) in ${where} were changed since ifplugin wrote them, and it would change the same ` +
      `lines: ${conflicts.join(', ')}; nothing was written: to decide file by file, run it in a terminal without ` +
      '--yes; or pass --conflict-markers to write both versions with markers, --force to overwrite yours, or --dry-run ' +
      'to see the plan',
  );
}

/** The folders `root` needs that are missing, the highest first; a file in the way is an InputError. */
function missingFolders(root: string, show: (path: string) => string): string[] {
  const missing: string[] = [];
  for (let dir = root; ; dir = dirname(dir)) {
    if (lstatOf(dir)) {
      if (!statOf(dir)?.isDirectory()) throw new InputError(`${visible(show(dir))} is a file where ifplugin needs a folder: move it away`);
      return missing;
    }
    missing.unshift(dir);
    if (dirname(dir) === dir) return missing;
  }
}

function lstatOf(path: string) {
  try {
    return lstatSync(path);
  } catch {
    return undefined;
  }
}

function statOf(path: string) {
  try {
    return statSync(path);
  } catch {
    return undefined;
  }
}

/**
 * A folder's times, to put back when a run changed nothing in it but its own lock and journal. From the
 * nanoseconds: utimes takes seconds as a double and truncates to microseconds, so half a microsecond is added
 * to land on the right one.
 */
function timesOf(dir: string): (() => void) | undefined {
  let s;
  try {
    s = lstatSync(dir, { bigint: true });
  } catch {
    return undefined;
  }
  const seconds = (ns: bigint) => Number(ns / 1000n) / 1e6 + 5e-7;
  const [atime, mtime] = [seconds(s.atimeNs), seconds(s.mtimeNs)];
  return () => {
    try {
      utimesSync(dir, atime, mtime);
    } catch {
      // Gone, or not ours to touch: nothing to put back.
    }
  };
}

interface Assessment {
  decisions: Decision[];
  /** For each removal, whether the file goes. */
  removing: boolean[];
  notices: string[];
}

/** How each planned file and each removal compares with the disk, and what the run would do with them. */
function assess(plan: Plan, show: (path: string) => string): Assessment {
  const removals = plan.removals ?? [];
  const current = currentContents(plan.root, [...plan.files.map((f) => f.path), ...removals.map((r) => r.path)], show);
  const notices: string[] = [];
  const untouched = (path: string, now: string, base?: string) =>
    (plan.written?.[path] !== undefined && contentHash(now) === plan.written[path]) || now === base;
  const removing = removals.map((r, i) => {
    const now = current[plan.files.length + i];
    if (now === undefined) return false;
    const goes = !r.authors && untouched(r.path, now, r.base);
    if (!goes && r.notice) notices.push(r.notice);
    return goes;
  });
  return { decisions: plan.files.map((file, i) => decide(file, current[i], plan.written?.[file.path])), removing, notices };
}

export async function applyPlan(plan: Plan, host: Host, opts: ApplyOptions): Promise<Applied> {
  const show = (path: string) => displayPath(host.cwd, path);
  const where = visible(show(plan.root));
  const removals = plan.removals ?? [];
  missingFolders(plan.root, show);
  let a = assess(plan, show);
  const reports = (): FileReport[] => [
    ...plan.files.map((f, i) => ({ path: f.path, status: a.decisions[i].status })),
    ...removals.filter((_r, i) => a.removing[i]).map((r) => ({ path: r.path, status: 'remove' as const })),
  ];
  const list = (): void => {
    const prefix = where === '.' ? '' : `${where}/`;
    for (const r of reports()) host.out(`${r.status.padStart(9)} ${visible(prefix + r.path)}\n`);
  };
  if (opts.dryRun) {
    list();
    host.out('dry run: nothing was written\n');
    return { root: plan.root, files: reports(), notices: a.notices, dryRun: true };
  }
  // Nothing to write, and no interrupted run to put back: not even the lock touches the folder.
  const idle = (d: Decision) => d.status === 'identical' || (d.status === 'keep' && !opts.force);
  if (a.decisions.every(idle) && !a.removing.some(Boolean) && !interruptedRun(plan.root)) {
    list();
    return { root: plan.root, files: reports(), notices: a.notices, dryRun: false };
  }

  // The lock and the journal come and go in the root, and a failed run's folders go again: the times of the
  // folders they were in are put back, unless the run changed those folders for real.
  const restoreRoot = timesOf(plan.root);
  const restoreAbove = timesOf(dirname(plan.root));
  const made = missingFolders(plan.root, show);
  let held: { release(): void } | undefined;
  let wroteInRoot = false;
  let failed = false;
  const undo = () => {
    // A folder this run made for the project goes again, with the lock in it; one that holds anything else stays.
    held?.release();
    held = undefined;
    for (const dir of [...made].reverse()) {
      try {
        rmdirSync(dir);
      } catch {
        // Not empty: something else is there now; left alone.
      }
    }
    restoreRoot?.();
    restoreAbove?.();
  };
  // From the lock on, a signal leaves nothing behind: before the write, the run is undone and ends as the signal
  // would have ended it; during the write (one synchronous step) it is noted, and the write rolled back.
  const signals = new Signals(() => undo(), Boolean(opts.prompter));
  try {
    for (const dir of made) mkdirSync(dir);
    held = lock(plan.root, show);
    const recovered = recoverInterrupted(plan.root, [...plan.files, ...removals].map((f) => f.path), show);
    // Under the lock, the disk as it is now: another run may have written since the first look.
    a = assess(plan, show);
    a.notices.unshift(...recovered);
    const { decisions } = a;

    // --force overwrites every edit; otherwise only true conflicts need a decision.
    if (opts.force) {
      for (const [i, d] of decisions.entries()) {
        if (d.status === 'conflict' || d.status === 'merge' || d.status === 'keep') Object.assign(d, { status: 'force', content: plan.files[i].content });
      }
    }
    const open = decisions.flatMap((d, i) => (d.status === 'conflict' ? [i] : []));
    if (open.length && !opts.conflictMarkers && !opts.prompter) throw conflictError(where, open.map((i) => conflictText(plan.files[i].path, decisions[i])));
    let all = false;
    for (const i of open) {
      const d = decisions[i];
      const file = plan.files[i];
      const choice = opts.conflictMarkers && d.marked !== undefined ? 'markers'
        : all ? 'overwrite'
          : opts.prompter ? await askConflict(opts.prompter, host, file, d) : 'keep';
      if (choice === 'all') all = true;
      if (choice === 'markers' && d.marked !== undefined) Object.assign(d, { status: 'markers', content: d.marked });
      else if (choice === 'overwrite' || choice === 'all') Object.assign(d, { status: 'force', content: file.content });
      else d.status = 'keep';
    }

    const changes: Change[] = [
      ...plan.files.flatMap((f, i) => (decisions[i].content !== undefined && decisions[i].status !== 'identical' ? [{ path: f.path, content: decisions[i].content }] : [])),
      ...removals.filter((_r, i) => a.removing[i]).map((r) => ({ path: r.path })),
    ];
    wroteInRoot = changes.some((c) => !c.path.includes('/'));
    await writeAll(plan.root, changes, show, signals);
    list();
    const marked = plan.files.filter((_f, i) => decisions[i].status === 'markers');
    if (marked.length) {
      throw new InputError(
        `${marked.length} file(s) were written with conflict markers: ${marked.map((f) => conflictText(f.path, decisions[plan.files.indexOf(f)])).join(', ')}; ` +
          'edit each to keep what you want (between <<<<<<< yours and >>>>>>> ifplugin), then run ifplugin again',
      );
    }
    for (const [i, d] of decisions.entries()) {
      if (d.status === 'keep' && d.conflicts) a.notices.push(`${conflictText(plan.files[i].path, d)} kept as you have it: ifplugin's changes to it were not made`);
    }
    return { root: plan.root, files: reports(), notices: a.notices, dryRun: false };
  } catch (e) {
    failed = true;
    undo();
    throw e;
  } finally {
    signals.stop();
    held?.release();
    if (!failed && !wroteInRoot) restoreRoot?.();
  }
}

/** SIGINT, SIGTERM and SIGHUP while a run holds its project's lock. */
class Signals {
  private static readonly NAMES: NodeJS.Signals[] = ['SIGINT', 'SIGTERM', 'SIGHUP'];
  /** True during the synchronous write: a signal then is only noted. */
  writing = false;
  received?: NodeJS.Signals;
  private readonly handler = (signal: NodeJS.Signals): void => {
    // At a question, SIGINT is the question's (it cancels it); otherwise it is noted and checked before writing.
    if (this.writing || (signal === 'SIGINT' && this.asking)) {
      this.received ??= signal;
      return;
    }
    this.stop();
    this.undo();
    process.kill(process.pid, signal);
  };

  constructor(private readonly undo: () => void, private readonly asking: boolean) {
    for (const s of Signals.NAMES) process.on(s, this.handler);
  }

  stop(): void {
    for (const s of Signals.NAMES) process.removeListener(s, this.handler);
  }
}

/** Writes the changes all or nothing; a signal noted before or while writing rolls the write back. */
async function writeAll(root: string, changes: Change[], show: (path: string) => string, signals: Signals): Promise<void> {
  if (signals.received) throw new Interrupted(signals.received, 'before writing');
  if (!changes.length) return;
  let tx;
  signals.writing = true;
  try {
    tx = writeChanges(root, changes);
  } catch (e) {
    if (!(e instanceof WriteFailure)) throw e;
    const why = e.cause.code ? `${e.cause.code}: ${describeCode(e.cause)}` : e.cause.message;
    throw new InputError(`${visible(show(join(root, e.path)))} could not be written (${why}); nothing was changed`);
  } finally {
    // A signal that came while writing is handled now, before the write is kept.
    await new Promise((resolve) => setImmediate(resolve));
    signals.writing = false;
  }
  if (signals.received) {
    tx.rollback();
    throw new Interrupted(signals.received, 'while writing');
  }
  tx.finish();
}

const CONFLICT_CHOICES = [
  { key: 'y', value: 'overwrite', name: "overwrite yours with ifplugin's" },
  { key: 'n', value: 'keep', name: "keep yours, without ifplugin's changes" },
  { key: 'm', value: 'markers', name: "write both, with conflict markers, to merge by hand" },
  { key: 'a', value: 'all', name: 'overwrite this one and every other one' },
  { key: 'x', value: 'abort', name: 'abort: write nothing' },
  { key: 'd', value: 'diff', name: 'show the differences' },
];

/** Asks what to do with one file both the author and the new answers changed, showing the differences on request. */
async function askConflict(prompter: Prompter, host: Host, file: PlannedFile, d: Decision): Promise<string> {
  const choices = d.marked === undefined ? CONFLICT_CHOICES.filter((c) => c.value !== 'markers') : CONFLICT_CHOICES;
  for (;;) {
    const where = (d.conflicts ?? []).map(lineRange).join(', ');
    const choice = await prompter.ask({
      name: 'conflict',
      kind: 'select',
      message: `${visible(file.path)} was changed since ifplugin wrote it${where ? `, and ifplugin would change the same lines (${where})` : ''}. What now?`,
      choices,
      default: 'keep',
    });
    if (choice === 'abort') throw new InputError('aborted at the question about a changed file: nothing was written');
    if (choice !== 'diff') return choice;
    host.out(visibleLines(unifiedDiff(file.path, d.current ?? '', file.content)));
  }
}

/** The system's words for an error code, without the path Node adds: "operation not permitted". */
function describeCode(e: NodeJS.ErrnoException): string {
  return /^\w+: ([^,]*)/.exec(e.message)?.[1] ?? e.message;
}

/** Each line of a text made safe for a terminal, the line breaks kept. */
function visibleLines(text: string): string {
  return text.split('\n').map(visible).join('\n');
}
