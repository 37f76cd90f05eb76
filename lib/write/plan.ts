// The one shape every command's output takes before anything touches the disk: a folder, the files to put in
// it, and the files earlier answers put there that these answers no longer make. lib/write/apply.ts applies a
// plan; the commands only compute them.

/**
 * Who decides a file's content:
 * - generated: rendered from the answers; a copy on disk changed since ifplugin wrote it is merged with the new
 *   content (three-way, see base), and a change both made to the same lines is a conflict;
 * - state: ifplugin's own record (.yo-rc.json), always brought up to date;
 * - edit: a change the user asked for in a file of theirs (--export's line in __init__.py), made on the current
 *   content, so it is never a conflict.
 */
export type Role = 'generated' | 'state' | 'edit';

export interface PlannedFile {
  /** Relative to the plan's root, '/'-separated. */
  path: string;
  content: string;
  role: Role;
  /** What the answers recorded by the last run produce here: the base of a three-way merge. */
  base?: string;
}

/** A file the last run wrote that this run's answers do not make (the spec after --no-rpm, say). */
export interface Removal {
  path: string;
  /** What the last run's answers produced there: the file is removed only if it still holds that. */
  base?: string;
  /** The author's file (a delegate module after a class rename): never removed, only mentioned. */
  authors?: true;
  /** Said when the file stays. */
  notice: string;
}

export interface Plan {
  /** The folder the paths are relative to (absolute). */
  root: string;
  files: PlannedFile[];
  removals?: Removal[];
  /** Hashes (lib/write/hash.ts) of what the last run wrote, by path: a file that still has it was not edited. */
  written?: Readonly<Record<string, string>>;
  /** Things worth saying about the answers or the templates, printed before the files are written. */
  warnings: string[];
}

/**
 * What happened (or, in a dry run, would happen) to a planned file:
 * - create, update (a state or edit file, or a generated one nobody changed), identical (nothing to do);
 * - merge: changed by you and by the new answers, in different lines: both kept;
 * - keep: changed by you, and the new answers change nothing in it (or you chose to keep yours);
 * - conflict: changed by you and by the new answers in the same lines; only a dry run reports it unresolved;
 * - markers: written with git's conflict markers (--conflict-markers);
 * - force: your changes overwritten (--force, or your answer);
 * - remove: a file the new answers no longer make, unchanged since it was written.
 */
export type Status = 'create' | 'update' | 'identical' | 'merge' | 'keep' | 'conflict' | 'markers' | 'force' | 'remove';

export interface FileReport {
  path: string;
  status: Status;
}

/** The outcome of applying a plan, which a command's summary is made from. */
export interface Applied {
  root: string;
  files: FileReport[];
  /** Files that stay although the new answers no longer make them, and conflicts left to resolve, a line each. */
  notices: string[];
  dryRun: boolean;
}

const WRITTEN: ReadonlySet<Status> = new Set(['create', 'update', 'merge', 'markers', 'force', 'remove']);

/** Whether the run changed a file (or would have, in a dry run). */
export function wrote(status: Status): boolean {
  return WRITTEN.has(status);
}

/** Whether the run left a planned file as planned: written now, or identical already. */
export function holdsPlanned(applied: Applied, path: string): boolean {
  const status = applied.files.find((f) => f.path === path)?.status;
  return !applied.dryRun && (status === 'create' || status === 'update' || status === 'identical' || status === 'force');
}

/** Nothing needed writing: every file was identical already. */
export function unchanged(applied: Applied): boolean {
  return applied.files.every((f) => f.status === 'identical');
}
