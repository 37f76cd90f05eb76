// What the commands share: whether a run may ask, the prompter's lifetime, and flag values checked once.
import { InputError, UsageError } from '../errors.js';
import type { Host, Prompter } from '../host.js';
import type { FlagValues } from '../inputs/flags.js';
import type { TemplateSource } from '../render/template-chain.js';
import { displayPath, visible } from '../text.js';
import type { ApplyOptions } from '../write/apply.js';

/** Whether the run may ask: --yes never, --interactive always, otherwise only in a terminal. */
export function interactiveFrom(flags: FlagValues, tty: boolean): boolean {
  if (flags.yes && flags.interactive === true) throw new UsageError('--yes and --interactive contradict each other: --yes never asks');
  if (flags.yes) return false;
  return typeof flags.interactive === 'boolean' ? flags.interactive : tty;
}

/** Runs `work` with a prompter when the run may ask, and closes it whatever happens. */
export async function withPrompter<T>(host: Host, flags: FlagValues, work: (prompter?: Prompter) => Promise<T>): Promise<T> {
  // With --yes, whether there is a terminal does not matter (and is not looked up).
  const prompter = interactiveFrom(flags, !flags.yes && host.tty) ? host.prompter() : undefined;
  try {
    return await work(prompter);
  } finally {
    prompter?.close();
  }
}

/** --templates as given. Empty (often an unset shell variable) is an error, not "no folder". */
export function templatesFlag(flags: FlagValues): string | undefined {
  const dir = flags.templates;
  if (dir === '') throw new InputError('--templates: the folder name is empty: give a folder of templates (make one with: ifplugin templates DIR)');
  return typeof dir === 'string' ? dir : undefined;
}

/** How the write path treats this run's conflicts, from its flags. */
export function writeOptions(flags: FlagValues, prompter?: Prompter): ApplyOptions {
  return { force: Boolean(flags.force), conflictMarkers: Boolean(flags['conflict-markers']), dryRun: Boolean(flags['dry-run']), prompter };
}

/** The line that says a project's own template folder is about to run, with its path: templates are code. */
export function projectTemplatesNotice(sources: TemplateSource[], cwd: string): string | undefined {
  const named = sources.find((s) => s.fromProject);
  return named && `the templates this project's .yo-rc.json names run as code: ${visible(displayPath(cwd, named.dir))}`;
}
