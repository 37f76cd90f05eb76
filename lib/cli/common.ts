// What every scaffolding command of the bin shares: its flags, answers from flags, and applying a plan.

import { InputError, UsageError } from '../errors.js';
import type { Input } from '../inputs/inputs.js';
import { displayPath } from '../commands/project.js';
import { type FlagSpec, type ParsedArgs } from './argv.js';
import { applyPlan, conflictError, diffPlan, type FileChange } from '../write/fs.js';

export interface CliIo {
  cwd: string;
  out(text: string): void;
  err(text: string): void;
  /** Both stdin and stdout are terminals. */
  tty: boolean;
}

export const SCAFFOLD_FLAGS: FlagSpec[] = [
  { name: 'yes', alias: 'y', type: 'boolean', description: 'Take the default for everything not given and never prompt' },
  { name: 'interactive', type: 'boolean', description: 'Ask for missing values (default: only in a terminal; --no-interactive never asks)' },
  { name: 'force', type: 'boolean', description: 'Overwrite files that differ from what would be written' },
  { name: 'dry-run', type: 'boolean', description: 'Print what would be created or changed, and write nothing' },
  {
    name: 'templates', type: 'string', hint: 'dir',
    description: 'A folder of templates that override or add to the built-in ones, file by file (recorded in .yo-rc.json; ' +
      'also $IFPLUGIN_TEMPLATES; make one with: ifplugin templates)',
  },
  { name: 'verbose', type: 'boolean', description: 'Say which template folder each file came from' },
];

export const HELP_FLAG: FlagSpec = { name: 'help', alias: 'h', type: 'boolean', description: 'Print this help' };

export function inputFlags(inputs: Input[]): FlagSpec[] {
  return inputs.map((i) => ({ name: i.option, type: i.boolean ? 'boolean' : 'string', description: i.description }));
}

/** Flag values as answers text, by input key. */
export function givenFromFlags(inputs: Input[], flags: ParsedArgs['flags']): Record<string, string | undefined> {
  return Object.fromEntries(inputs.map((i) => [i.key, flags[i.option] === undefined ? undefined : String(flags[i.option])]));
}

/** --templates as given. Empty (often an unset shell variable) is an error, not "no folder". */
export function templatesFlag(flags: ParsedArgs['flags']): string | undefined {
  const dir = flags.templates as string | undefined;
  if (dir === '') throw new InputError('--templates: the folder name is empty: give a folder of templates (make one with: ifplugin templates DIR)');
  return dir;
}

export function interactiveFrom(flags: ParsedArgs['flags'], io: CliIo): boolean {
  if (flags.yes && flags.interactive === true) throw new UsageError('--yes and --interactive contradict each other: --yes never asks');
  if (flags.yes) return false;
  return typeof flags.interactive === 'boolean' ? flags.interactive : io.tty;
}

export function shown(io: CliIo, path: string): string {
  return displayPath(io.cwd, path);
}

/**
 * Writes a plan the way Yeoman would report it, or explains why not. `confirm` is asked about conflicts in a
 * terminal; without one, conflicts are an error unless --force. Returns whether anything changed.
 */
export async function writeWithReport(
  io: CliIo,
  root: string,
  files: Map<string, string>,
  opts: { force: boolean; dryRun: boolean; owned: ReadonlySet<string>; confirm?: (conflicts: string[]) => Promise<boolean> },
): Promise<FileChange[]> {
  const changes = diffPlan(root, files, opts.owned, (p) => shown(io, p));
  const conflicts = changes.filter((c) => c.status === 'conflict').map((c) => c.path);
  const where = shown(io, root);
  if (opts.dryRun) {
    for (const c of changes) io.out(`${c.status.padStart(9)} ${prefix(where)}${c.path}\n`);
    io.out('dry run: nothing was written\n');
    return changes;
  }
  if (conflicts.length && !opts.force) {
    const ok = opts.confirm ? await opts.confirm(conflicts) : false;
    if (!ok) throw conflictError(where, conflicts);
  }
  applyPlan(root, files, changes);
  for (const c of changes) {
    const verb = c.status === 'conflict' ? 'force' : c.status;
    io.out(`${verb.padStart(9)} ${prefix(where)}${c.path}\n`);
  }
  return changes;
}

const prefix = (where: string) => (where === '.' ? '' : `${where.replace(/^\.\//, '')}/`);
