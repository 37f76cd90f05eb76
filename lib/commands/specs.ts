// The four commands, declared: what each is for, its arguments, flags and examples. The bin parses its command
// line and prints `--help` from these; the Yeoman generators register the same flags and print the same help. The
// work itself is loaded only when a command runs, so `--help` loads nothing else.
import type { Host } from '../host.js';
import { DEBUG, DRY_RUN, FORCE, HELP, inputFlag, SCAFFOLD_FLAGS, type Flag, type FlagValues } from '../inputs/flags.js';
import { APP_INPUTS, DELEGATE_INPUTS, PLUGIN_INPUTS } from '../inputs/inputs.js';

export interface Positional {
  name: string;
  description: string;
  /** Takes every remaining argument. */
  variadic?: true;
}

export interface Args {
  flags: FlagValues;
  positionals: string[];
}

/** Runs a command; resolves to its exit status (errors are thrown, see lib/errors.ts). */
export type Run = (args: Args, host: Host) => Promise<number>;

export type CommandName = 'app' | 'delegate' | 'validate' | 'templates';

export interface CommandSpec {
  name: CommandName;
  /** One line, for the list of commands. */
  summary: string;
  /** A short paragraph at the top of its help. */
  description: string;
  positionals: Positional[];
  flags: Flag[];
  /** Arguments after the command, and what they do. */
  examples: [string, string][];
  load(): Promise<{ run: Run }>;
}

export const APP: CommandSpec = {
  name: 'app',
  summary: 'scaffold a new plugin project (the default command)',
  description:
    'Scaffolds an ImageFactory plugin project: the delegate class with the exact interface Builder calls, its ' +
    '.info, packaging and tests. Asks for what is missing in a terminal; without one, --type and --targets are ' +
    'required unless --yes takes every default. Re-run inside a project to change its answers.',
  positionals: [{ name: 'destination', description: 'Folder of the plugin project (default: ./<name>, or . inside a project made by ifplugin)' }],
  flags: [...APP_INPUTS.map(inputFlag), ...SCAFFOLD_FLAGS, DEBUG, HELP],
  examples: [
    ['--yes ../MyCloud', 'a cloud plugin with every default, in ../MyCloud'],
    ['--yes --name MyOS --type os --targets Fedora,RHEL-7:7.9:x86_64', 'an OS plugin for two targets'],
    ['--targets vsphere4,vsphere5 --plugin-version 1.1', 'inside a project: change its targets and version'],
  ],
  load: () => import('./app.js'),
};

export const DELEGATE: CommandSpec = {
  name: 'delegate',
  summary: 'add or replace a delegate class in a plugin, run inside it',
  description:
    'Adds a delegate class (<class-name>.py, and its test in a project made by ifplugin) to the plugin in this ' +
    'folder: a project made by ifplugin, or any plugin folder (__init__.py beside <Name>.info). --export makes it ' +
    "the plugin's delegate_class.",
  positionals: [],
  flags: [...DELEGATE_INPUTS.map(inputFlag), ...PLUGIN_INPUTS.map(inputFlag), ...SCAFFOLD_FLAGS, DEBUG, HELP],
  examples: [
    ['--class-name Mirror --export', 'a second delegate, made the one ImageFactory uses'],
    ['--class-name Pusher --methods push_image_to_provider,delete_from_provider', 'only these methods'],
  ],
  load: () => import('./delegate.js'),
};

export const VALIDATE: CommandSpec = {
  name: 'validate',
  summary: "check .info files and plugin folders against ImageFactory's loader",
  description:
    'Checks ImageFactory plugins against what the real loader and Builder do. PATH (default: .) is a .info file, a ' +
    'plugin folder (__init__.py and/or <Name>.info), a project made by ifplugin, or a folder searched for plugins; ' +
    '- reads one .info from stdin. Prints one line per finding: file[:line[:col]]: error|warning: message (rule). ' +
    'Settings: [tool.ifplugin.validate] in the first pyproject.toml from here upward (select, ignore, max-warnings, ' +
    'strict); the options override them. Exit status: 0 no errors (warnings allowed, up to --max-warnings), 1 errors ' +
    'found (or too many warnings), 2 bad usage.',
  positionals: [{ name: 'path', description: '.info files, plugin folders, projects or folders to search (default: .); - for a .info on stdin', variadic: true }],
  flags: [
    {
      name: 'format', type: 'string', hint: 'text|json|sarif|github',
      description: 'How to print the findings: text (one line each, the default), json (one report), sarif (SARIF 2.1.0, ' +
        'for GitHub code scanning), github (annotations of a GitHub Actions run)',
    },
    { name: 'json', type: 'boolean', description: 'The same as --format json' },
    {
      name: 'select', type: 'string', hint: 'rules',
      description: 'Report only these rules: ids or prefixes, comma-separated, e.g. info-target,py-implicit-import (default: all)',
    },
    { name: 'ignore', type: 'string', hint: 'rules', description: 'Do not report these rules: ids or prefixes, comma-separated' },
    { name: 'max-warnings', type: 'string', hint: 'n', description: 'Fail (exit status 1) when there are more than n warnings' },
    { name: 'strict', type: 'boolean', description: 'Fail on warnings as on errors (--no-strict: not even when pyproject.toml says strict = true)' },
    {
      name: 'fix', type: 'boolean',
      description: 'Fix what can be fixed safely (see --rules), all files or none, each checked with Python first; then ' +
        'check again and print what remains',
    },
    { name: 'diff', type: 'boolean', description: 'Print what --fix would change, as a unified diff, and write nothing; exit status 1 if it would change anything' },
    {
      name: 'stdin-filename', type: 'string', hint: 'path',
      description: "With -: the file the text on stdin is, to report the findings against and to check the plugin's name",
    },
    {
      name: 'python', type: 'string', hint: 'py', negatable: true,
      description: 'Python 3 interpreter for the Python rules (default: python3 on PATH; without one they are skipped); ' +
        '--no-python skips them',
    },
    { name: 'rules', type: 'boolean', description: 'Print the table of rules (Markdown) and exit' },
    DEBUG,
    HELP,
  ],
  examples: [
    ['.', 'every plugin under this folder (the default)'],
    ['--json /etc/imagefactory/plugins.d', "the enabled plugins' .info files, as JSON"],
    ['--format sarif > ifplugin.sarif', 'for GitHub code scanning (upload-sarif)'],
    ['--diff', 'what --fix would change in the plugins under this folder'],
    ['--select info-target --max-warnings 0 src', 'only the target rules, failing on warnings too'],
    ['--stdin-filename src/MyCloud/MyCloud.info - < buffer', 'an editor\'s unsaved .info'],
  ],
  load: () => import('./validate.js'),
};

export const TEMPLATES: CommandSpec = {
  name: 'templates',
  summary: 'copy the built-in templates to customize them, or --list them',
  description:
    'Copies the built-in templates into a folder to edit; use it with --templates (recorded in the project), or ' +
    '$IFPLUGIN_TEMPLATES. A template missing from the folder falls back to the built-in one, file by file.',
  positionals: [{ name: 'dir', description: 'Folder to copy the templates into (default: ./ifplugin-templates)' }],
  flags: [
    { name: 'only', type: 'string', hint: 'names', description: 'Comma-separated templates to copy, e.g. README.md.ejs,__module__.py.ejs (default: all)' },
    { name: 'list', type: 'boolean', description: 'Print every template with a one-line description and the context it receives' },
    FORCE,
    DRY_RUN,
    DEBUG,
    HELP,
  ],
  examples: [
    ['--only README.md.ejs', 'only the README template, into ./ifplugin-templates'],
    ['--list', 'every template and what it receives'],
  ],
  load: () => import('./templates.js'),
};

export const COMMANDS: Record<CommandName, CommandSpec> = { app: APP, delegate: DELEGATE, validate: VALIDATE, templates: TEMPLATES };
