// The one shape every command's output takes before anything touches the disk: a folder and the files to put in
// it. lib/write/apply.ts applies a plan; the commands only compute them.

/**
 * Who decides a file's content:
 * - generated: rendered from the answers; a copy on disk that differs from it is a conflict to resolve;
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
}

export interface Plan {
  /** The folder the paths are relative to (absolute). */
  root: string;
  files: PlannedFile[];
  /** Things worth saying about the answers or the templates, printed before the files are written. */
  warnings: string[];
}

/**
 * What happened (or, in a dry run, would happen) to a planned file:
 * create, update (a state or edit file, or a generated one nobody edited), identical (nothing to do), conflict
 * (edited since it was generated: only reported by a dry run), force (a conflict overwritten), keep (a conflict
 * left as the user has it, on their answer).
 */
export type Status = 'create' | 'update' | 'identical' | 'conflict' | 'force' | 'keep';

export interface FileReport {
  path: string;
  status: Status;
}

/** The outcome of applying a plan, which a command's summary is made from. */
export interface Applied {
  root: string;
  files: FileReport[];
  dryRun: boolean;
}

/** Whether the run left a file as planned: written now, or identical already. */
export function holdsPlanned(applied: Applied, path: string): boolean {
  const status = applied.files.find((f) => f.path === path)?.status;
  return !applied.dryRun && status !== undefined && status !== 'keep' && status !== 'conflict';
}

/** Nothing needed writing: every file was identical already. */
export function unchanged(applied: Applied): boolean {
  return applied.files.every((f) => f.status === 'identical');
}
