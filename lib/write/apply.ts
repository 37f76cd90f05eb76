// Applying a plan, the same way for every command and every front end: compare with the disk, list the plan on
// --dry-run, resolve conflicts (--force, a question per file in a terminal, or one error without one), then write
// everything or nothing, and report each file.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { InputError } from '../errors.js';
import type { Host, Prompter } from '../host.js';
import { displayPath, visible } from '../text.js';
import { unifiedDiff } from './diff.js';
import { diskStates, WriteFailure, writeFiles } from './fs.js';
import type { Applied, FileReport, Plan, Status } from './plan.js';

export interface ApplyOptions {
  /** Overwrite files edited since they were generated. */
  force: boolean;
  /** List what would happen and write nothing. */
  dryRun: boolean;
  /** Present when the run may ask: conflicts are then decided file by file. */
  prompter?: Prompter;
}

/** The error for files that were edited since they were generated, when nobody may overwrite them. */
export function conflictError(where: string, conflicts: string[]): InputError {
  return new InputError(
    `${conflicts.length} file(s) in ${where} differ from what ifplugin would write: ${conflicts.join(', ')}; ` +
      'nothing was written: pass --force to overwrite them, run in a terminal to decide file by file, or ' +
      '--dry-run to see the plan',
  );
}

export async function applyPlan(plan: Plan, host: Host, opts: ApplyOptions): Promise<Applied> {
  const show = (path: string) => displayPath(host.cwd, path);
  const where = show(plan.root);
  const states = diskStates(plan, show);
  const statuses: Status[] = plan.files.map((file, i) => {
    if (states[i] === 'absent') return 'create';
    if (states[i] === 'same') return 'identical';
    return file.role === 'generated' ? 'conflict' : 'update';
  });
  const list = (reports: FileReport[]): void => {
    const prefix = where === '.' ? '' : `${where}/`;
    for (const r of reports) host.out(`${r.status.padStart(9)} ${visible(prefix + r.path)}\n`);
  };
  if (opts.dryRun) {
    const reports = plan.files.map((f, i) => ({ path: f.path, status: statuses[i] }));
    list(reports);
    host.out('dry run: nothing was written\n');
    return { root: plan.root, files: reports, dryRun: true };
  }

  const conflicts = plan.files.filter((_f, i) => statuses[i] === 'conflict');
  if (conflicts.length && !opts.force && !opts.prompter) throw conflictError(where, conflicts.map((f) => visible(f.path)));
  let all: 'force' | undefined = opts.force ? 'force' : undefined;
  for (const [i, file] of plan.files.entries()) {
    if (statuses[i] !== 'conflict') continue;
    if (!all) {
      const choice = await askConflict(opts.prompter!, host, plan.root, file.path, file.content);
      if (choice === 'all') all = 'force';
      statuses[i] = choice === 'keep' ? 'keep' : 'force';
    } else {
      statuses[i] = 'force';
    }
  }

  try {
    writeFiles(plan.root, plan.files.filter((_f, i) => statuses[i] !== 'identical' && statuses[i] !== 'keep'));
  } catch (e) {
    if (!(e instanceof WriteFailure)) throw e;
    const why = e.cause.code ? `${e.cause.code}: ${describeCode(e.cause)}` : e.cause.message;
    throw new InputError(`${visible(show(join(plan.root, e.path)))} could not be written (${why}); nothing was changed`);
  }
  const reports = plan.files.map((f, i) => ({ path: f.path, status: statuses[i] }));
  list(reports);
  return { root: plan.root, files: reports, dryRun: false };
}

const CONFLICT_CHOICES = [
  { key: 'y', value: 'overwrite', name: 'overwrite it with what ifplugin writes' },
  { key: 'n', value: 'keep', name: 'keep yours' },
  { key: 'a', value: 'all', name: 'overwrite this one and every other one' },
  { key: 'x', value: 'abort', name: 'abort: write nothing' },
  { key: 'd', value: 'diff', name: 'show the differences' },
];

/** Asks what to do with one file edited since it was generated, showing the differences on request. */
async function askConflict(prompter: Prompter, host: Host, root: string, path: string, content: string): Promise<'overwrite' | 'keep' | 'all'> {
  for (;;) {
    const choice = await prompter.ask({
      name: 'conflict',
      kind: 'select',
      message: `${visible(path)} was changed since ifplugin wrote it. What now?`,
      choices: CONFLICT_CHOICES,
      default: 'keep',
    });
    if (choice === 'abort') throw new InputError('aborted at the question about a changed file: nothing was written');
    if (choice !== 'diff') return choice as 'overwrite' | 'keep' | 'all';
    host.out(visibleLines(unifiedDiff(path, readFileSync(join(root, path), 'utf8'), content)));
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
