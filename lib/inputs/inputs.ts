// Every input of the generators, declared once. The CLI option, the prompt, the default, the validation
// (the same for a typed answer and an option value), the help text and the `.yo-rc.json` entry all come
// from these declarations.
import { formatTarget, parseTargets, TARGET_SYNTAX } from '../imagefactory/targets.js';
import type { PluginType } from '../imagefactory/interfaces.js';
import { INTERFACES } from '../imagefactory/interfaces.js';
import { identifierProblem, toIdentifier } from '../python/names.js';
import { isoDateProblem, today } from '../render/rpm.js';
import { stockNameClash } from '../imagefactory/stock.js';
import { quoted } from '../text.js';
import { reservedNameProblem } from './reserved-names.js';

/** Every answer is kept as the text a user would pass on the command line; a yes/no answer as 'true' or 'false'. */
export type Answers = Record<string, string>;

/** A yes/no answer (see Input.boolean) as a boolean. */
export const isYes = (v: string | undefined): boolean => v === 'true';

export interface DefaultContext {
  /** Base name of the destination folder when one was given. */
  destinationName?: string;
  /** `git config` values, read only when a default needs them. */
  git(key: 'user.name' | 'user.email'): string | undefined;
  /** The plugin a delegate is added to (the delegate generator only). */
  plugin?: PluginFacts;
}

/** What the delegate inputs need to know about the plugin found on disk. */
export interface PluginFacts {
  name: string;
  type: PluginType;
  /** Names the plugin's .py files define (see definedNames in python-source.ts), with where: ["Foo.py:12"]. */
  defined: ReadonlyMap<string, string[]>;
  /** Names of the files, and of the folders, in the plugin folder. */
  files: ReadonlySet<string>;
  folders: ReadonlySet<string>;
  /** --force: a class name defined elsewhere in the plugin is allowed. */
  force: boolean;
}

export interface Choice {
  value: string;
  name: string;
}

export interface Input {
  /** Key in the answers and in `.yo-rc.json`. */
  key: string;
  /** The long option, without `--`. */
  option: string;
  /** Help text for `--help`, the README and the prompt's hint. */
  description: string;
  /**
   * The question; `choices` makes it a list. `when`: ask only if it returns true; otherwise the stored value or
   * the default is taken, as with --yes.
   */
  prompt: { message: (a: Answers) => string; choices?: Choice[] | ((ctx: DefaultContext) => Choice[]); when?: (a: Answers) => boolean };
  /**
   * A yes/no input: the flags --<option> and --no-<option>, a confirm prompt, and the answer 'true' or 'false'
   * (also in `.yo-rc.json`). Its default returns one of those two.
   */
  boolean?: true;
  /** A multi-choice input: a comma-separated list of `prompt.choices` values; a checkbox prompt. */
  multiple?: true;
  /** True when the value has no default unless `--yes` is given. */
  required?: boolean;
  default(a: Answers, ctx: DefaultContext): string;
  /** Why the value is not allowed, as a sentence fragment, or undefined when it is. */
  validate?(value: string, a: Answers, ctx?: DefaultContext): string | undefined;
  /** Things worth saying about a valid value. */
  warnings?(value: string, a: Answers): string[];
}

const EMAIL = /^[^\s@<>()[\],;:"]+@[^\s@<>()[\],;:"]+\.[^\s@<>()[\],;:"]+$/;
const PEP440 = /^([1-9][0-9]*!)?(0|[1-9][0-9]*)(\.(0|[1-9][0-9]*))*((a|b|rc)(0|[1-9][0-9]*))?(\.post(0|[1-9][0-9]*))?(\.dev(0|[1-9][0-9]*))?$/;
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f]/;
const MAX_TEXT = 16384;

function pluginType(a: Answers): PluginType {
  return a.type === 'os' ? 'os' : 'cloud';
}

function oneLine(what: string, max = 200) {
  return (v: string): string | undefined => {
    if (/[\r\n\u2028\u2029]/.test(v)) return `${what} must be one line`;
    if (CONTROL.test(v)) return `${what} must not contain control characters`;
    if (v.length > max) return `${what} is longer than ${max} characters`;
    return undefined;
  };
}

function urlProblem(v: string): string | undefined {
  if (v === '') return undefined;
  try {
    const u = new URL(v);
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `${quoted(v)} is not an http(s) URL`;
    if (/\s/.test(v)) return `${quoted(v)} contains white space`;
    // C1 controls too: the RPM spec's URL: tag takes one token, and a control character would split it.
    if (/[\u0080-\u009f]/.test(v)) return `${quoted(v)} contains a control character: percent-encode it`;
    return undefined;
  } catch {
    return `${quoted(v)} is not a URL: write it as https://host/path`;
  }
}

export const APP_INPUTS: Input[] = [
  {
    key: 'name',
    option: 'name',
    description:
      'Plugin name: the package folder, the .info file stem and the import path imagefactory_plugins.<name> (a Python identifier)',
    prompt: { message: () => 'Plugin name (a Python identifier, e.g. MyCloud)' },
    default: (_a, ctx) => (ctx.destinationName ? toIdentifier(ctx.destinationName) : '') || 'MyPlugin',
    validate: (v) => {
      const problem = identifierProblem(v) ?? reservedNameProblem(v, 'plugin');
      if (problem) return `${quoted(v)} is not a valid plugin name: ${problem}`;
      const stock = stockNameClash(v);
      if (stock) {
        return `${quoted(v)} is the name of ImageFactory's stock ${stock} plugin: installing it would overwrite ` +
          `imagefactory_plugins/${stock}; choose another name`;
      }
      return undefined;
    },
  },
  {
    key: 'type',
    option: 'type',
    description: 'Plugin type: os (builds base and target images) or cloud (pushes images to a provider)',
    prompt: {
      message: () => 'Plugin type',
      choices: [
        { value: 'cloud', name: 'cloud - pushes, snapshots and deletes images on a provider' },
        { value: 'os', name: 'os - builds base and target images for an operating system' },
      ],
    },
    required: true,
    default: () => 'cloud',
    validate: (v) => (v === 'os' || v === 'cloud' ? undefined : `${quoted(v)} is not a plugin type: use os or cloud`),
  },
  {
    key: 'targets',
    option: 'targets',
    description:
      'Comma-separated targets, matched case-sensitively. OS: name[:version[:arch]] (omitted parts match any). Cloud: names',
    prompt: {
      message: (a) =>
        `Targets, comma-separated and case-sensitive (${TARGET_SYNTAX[pluginType(a)]})`,
    },
    required: true,
    default: (a) => (pluginType(a) === 'os' ? a.name : a.name.toLowerCase()),
    validate: (v, a) => {
      try {
        parseTargets(pluginType(a), v);
        return undefined;
      } catch (e) {
        return (e as Error).message;
      }
    },
    warnings: (v, a) => parseTargets(pluginType(a), v).warnings,
  },
  {
    key: 'description',
    option: 'description',
    description: 'One-line description for the .info file and the package metadata',
    prompt: { message: () => 'Description' },
    default: (a) =>
      `ImageFactory ${a.type === 'os' ? 'OS' : 'cloud'} plugin for ${parseTargets(pluginType(a), a.targets)
        .targets.map(formatTarget)
        .join(', ')}`,
    validate: oneLine('the description', MAX_TEXT),
  },
  {
    key: 'maintainerName',
    option: 'maintainer-name',
    description: 'Maintainer name (default: git config user.name)',
    prompt: { message: () => 'Maintainer name' },
    default: (_a, ctx) => ctx.git('user.name') ?? '',
    validate: oneLine('the maintainer name'),
  },
  {
    key: 'maintainerEmail',
    option: 'maintainer-email',
    description: 'Maintainer e-mail (default: git config user.email)',
    prompt: { message: () => 'Maintainer e-mail' },
    default: (_a, ctx) => ctx.git('user.email') ?? '',
    validate: (v) => (v === '' || (EMAIL.test(v) && v.length <= 254) ? undefined : `${quoted(v)} is not an e-mail address like name@example.org`),
  },
  {
    key: 'maintainerUrl',
    option: 'maintainer-url',
    description: 'Maintainer or project URL (http or https)',
    prompt: { message: () => 'Maintainer URL (optional)' },
    default: () => '',
    validate: (v) => oneLine('the URL', 2000)(v) ?? urlProblem(v),
  },
  {
    key: 'pluginVersion',
    option: 'plugin-version',
    description: 'Plugin version for the .info file and pyproject.toml (PEP 440, e.g. 1.0 or 2.1rc1)',
    prompt: { message: () => 'Plugin version' },
    default: () => '1.0',
    validate: (v) => (PEP440.test(v) ? undefined : `${quoted(v)} is not a PEP 440 version like 1.0 or 2.1rc1`),
  },
  {
    key: 'license',
    option: 'license',
    description: 'License of the plugin (an SPDX id such as Apache-2.0, MIT or GPL-2.0-or-later is suggested)',
    prompt: { message: () => 'License (SPDX id suggested)' },
    default: () => 'Apache-2.0',
    validate: (v) => (v.trim() === '' ? 'the license must not be empty' : oneLine('the license', 500)(v)),
  },
  {
    key: 'className',
    option: 'class-name',
    description: 'Name of the delegate class and of its module (default: the plugin name)',
    prompt: { message: () => 'Delegate class name' },
    default: (a) => a.name,
    validate: (v) => {
      const problem = identifierProblem(v) ?? reservedNameProblem(v);
      return problem ? `${quoted(v)} is not a valid class name: ${problem}` : undefined;
    },
  },
  {
    key: 'rpm',
    option: 'rpm',
    boolean: true,
    description:
      'Also write an RPM spec, python3-imagefactory-plugin-<name>.spec, and a make rpm target: the package installs ' +
      'the plugin next to the stock ones and enables it as ImageFactory\'s own plugin packages do (--no-rpm: no spec)',
    prompt: { message: () => 'Write an RPM spec that installs and enables the plugin?' },
    default: () => 'false',
  },
  {
    key: 'changelogDate',
    option: 'changelog-date',
    description:
      "Date of the RPM spec's first %changelog entry, YYYY-MM-DD (default: today; kept in .yo-rc.json so that a " +
      're-run writes the same spec)',
    prompt: { message: () => 'Date of the first RPM changelog entry (YYYY-MM-DD)', when: () => false },
    default: () => today(),
    validate: isoDateProblem,
  },
];

// The delegate generator's inputs. The plugin the delegate goes into is found on disk (lib/commands/plugin-location.ts);
// defaults and validators read it from ctx.plugin.

const appClassName = APP_INPUTS.find((i) => i.key === 'className')!;

function delegateMethods(ctx?: DefaultContext) {
  return (ctx?.plugin ? [ctx.plugin.type] : (['os', 'cloud'] as const)).flatMap((t) => INTERFACES[t].methods);
}

/** The method names of a `--methods` value (which validateMethods accepted). */
export function methodList(value: string): string[] {
  return value.split(',').map((s) => s.trim()).filter((s) => s !== '');
}

function validateMethods(value: string, _a: Answers, ctx?: DefaultContext): string | undefined {
  if (value.trim() === '') return undefined;
  const allowed = delegateMethods(ctx).map((m) => m.name);
  const kind = ctx?.plugin ? (ctx.plugin.type === 'os' ? 'an OS' : 'a cloud') : 'an OS or cloud';
  const seen = new Set<string>();
  for (const name of value.split(',').map((s) => s.trim())) {
    if (name === '') return 'a method name is empty: remove the extra comma';
    if (!allowed.includes(name)) return `${quoted(name)} is not a method of ${kind} delegate: use ${allowed.join(', ')}`;
    if (seen.has(name)) return `${quoted(name)} is listed twice`;
    seen.add(name);
  }
  return undefined;
}

function validateDelegateClass(value: string, a: Answers, ctx?: DefaultContext): string | undefined {
  const problem = appClassName.validate!(value, a);
  if (problem) return problem;
  if (value === 'delegate_class') return '"delegate_class" is the name ImageFactory imports from __init__.py: give the class its own name';
  const plugin = ctx?.plugin;
  if (!plugin) return undefined;
  if (plugin.folders.has(value)) return `the plugin has a folder ${value}/, which would shadow a module ${value}.py: choose another name`;
  // A class in <value>.py itself is the file this run replaces: a conflict, shown and confirmed at writing time.
  const elsewhere = (plugin.defined.get(value) ?? []).filter((where) => !where.startsWith(`${value}.py:`));
  if (elsewhere.length && !plugin.force) {
    return `${value} is already defined in the plugin (${elsewhere.join(', ')}): choose another name, or pass --force to add a second one`;
  }
  return undefined;
}

function freeClassName(ctx: DefaultContext): string {
  const plugin = ctx.plugin;
  const base = `${toIdentifier(plugin?.name ?? '') || 'My'}Delegate`;
  const taken = (n: string) => Boolean(plugin && (plugin.defined.has(n) || plugin.files.has(`${n}.py`) || plugin.folders.has(n)));
  let name = base;
  for (let i = 2; taken(name); i++) name = `${base}${i}`;
  return name;
}

const GUARD_NOTE = {
  none: 'called without a check: left out, it raises "not supported"',
  hasattr: 'optional: Builder checks that it exists',
  try: 'optional: Builder ignores its absence',
} as const;

export const DELEGATE_INPUTS: Input[] = [
  {
    key: 'className',
    option: 'class-name',
    description:
      'Name of the delegate class and of its module <class-name>.py: a Python identifier not yet defined in the ' +
      "plugin's .py files (unless --force)",
    prompt: { message: () => 'Delegate class name (also its module name)' },
    required: true,
    default: (_a, ctx) => freeClassName(ctx),
    validate: validateDelegateClass,
  },
  {
    key: 'methods',
    option: 'methods',
    multiple: true,
    description:
      'Comma-separated interface methods to implement (default: all; abort is for OS plugins). Of those left out, ' +
      'the ones Builder calls without checking raise "not supported"; the others are omitted',
    prompt: {
      message: () => 'Methods to implement',
      choices: (ctx) => delegateMethods(ctx).map((m) => ({ value: m.name, name: `${m.name} (${GUARD_NOTE[m.guard]})` })),
    },
    default: (_a, ctx) => delegateMethods(ctx).map((m) => m.name).join(','),
    validate: validateMethods,
  },
  {
    key: 'export',
    option: 'export',
    boolean: true,
    description:
      "Make the class the plugin's delegate_class: rewrites the one-line export in __init__.py and keeps the rest " +
      '(an __init__.py that cannot be rewritten safely is left as it is, and the line to add is printed)',
    prompt: { message: (a) => `Make ${a.className} the plugin's delegate_class (edits __init__.py)?` },
    default: () => 'false',
  },
];
