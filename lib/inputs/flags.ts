// Every command-line flag, declared once in the same style as the inputs: the bin's parser, Yeoman's option
// registration, `--help` of both, and the README come from these declarations. Inputs become flags through
// inputFlags.
import type { Input } from './inputs.js';

export interface Flag {
  /** The long name, without `--`. */
  name: string;
  /** A boolean flag is also --no-<name>; a string flag takes a value. */
  type: 'string' | 'boolean';
  /** A one-letter short form. */
  alias?: string;
  /** Shown in help as `--name <hint>`. */
  hint?: string;
  /** A string flag that --no-<name> turns off (its value is then false). */
  negatable?: true;
  description: string;
}

export type FlagValues = Record<string, string | boolean | undefined>;

export const YES: Flag = { name: 'yes', alias: 'y', type: 'boolean', description: 'Take the default for everything not given and never ask' };
export const INTERACTIVE: Flag = {
  name: 'interactive', type: 'boolean',
  description: 'Ask for missing values (default: only in a terminal; --no-interactive never asks)',
};
export const FORCE: Flag = {
  name: 'force', type: 'boolean',
  description: 'Overwrite files that were changed since ifplugin wrote them (without it, such changes are kept and merged)',
};
export const CONFLICT_MARKERS: Flag = {
  name: 'conflict-markers', type: 'boolean',
  description: 'Where you and the new answers changed the same lines, write both with conflict markers (and end with ' +
    'an error) instead of writing nothing',
};
export const DRY_RUN: Flag = { name: 'dry-run', type: 'boolean', description: 'Print what would be created or changed, and write nothing' };
export const TEMPLATES: Flag = {
  name: 'templates', type: 'string', hint: 'dir',
  description: 'A folder of templates that override or add to the built-in ones, file by file (recorded in .yo-rc.json; ' +
    'also $IFPLUGIN_TEMPLATES; make one with: ifplugin templates)',
};
export const VERBOSE: Flag = { name: 'verbose', type: 'boolean', description: 'Say which template folder each file came from' };
export const DEBUG: Flag = { name: 'debug', type: 'boolean', description: 'Print the stack trace of an error' };
export const HELP: Flag = { name: 'help', alias: 'h', type: 'boolean', description: 'Print this help' };

/** The flags of every command that writes files from templates. */
export const SCAFFOLD_FLAGS: Flag[] = [YES, INTERACTIVE, FORCE, CONFLICT_MARKERS, DRY_RUN, TEMPLATES, VERBOSE];

/** An input's flag: a yes/no input is a boolean flag, any other takes its value as text. */
export function inputFlag(input: Input): Flag {
  if (input.kind === 'confirm') return { name: input.option, type: 'boolean', description: input.description };
  const choices = Array.isArray(input.choices) ? input.choices.map((c) => c.value).join('|') : undefined;
  return { name: input.option, type: 'string', hint: choices ?? input.option, description: input.description };
}

/** Option values by input key, from flag values by flag name. */
export function givenFrom(inputs: Input[], flags: FlagValues): Record<string, string | boolean | undefined> {
  return Object.fromEntries(inputs.map((i) => [i.key, flags[i.option]]));
}
