// Every input of the commands, declared once. The option, the question, the default, the parsing and validation
// (the same for an option, a stored answer and a typed answer), the help text and the `.yo-rc.json` entry all come
// from these declarations. Answers are typed (a plugin type, parsed targets, booleans); text exists only at the
// edges: the command line, a prompt, `.yo-rc.json`.
import { ValueProblem } from '../errors.js';
import type { Choice } from '../host.js';
import { INTERFACES } from '../imagefactory/interfaces.js';
import { stockNameClash } from '../imagefactory/stock.js';
import { formatTarget, parseTargets, stockWarnings, TARGET_SYNTAX, targetsToText } from '../imagefactory/targets.js';
import type { InfoTarget, PluginType } from '../imagefactory/types.js';
import { identifierProblem, toIdentifier } from '../python/names.js';
import { quoted } from '../text.js';
import { emailProblem, isoDateProblem, oneLine, pep440Problem, today, urlProblem } from './validators.js';

/** What defaults, choices and validators may need beyond the answers. */
export interface DefaultContext {
  /** Base name of the destination folder when one was given. */
  destinationName?: string;
  /** `git config` values, read only when a default needs them. */
  git(key: 'user.name' | 'user.email'): string | undefined;
  /** The plugin a delegate is added to (the delegate command only). */
  plugin?: PluginFacts;
  /**
   * Why a name cannot be the delegate class (or the plugin, whose name is the default class name) because the
   * generated module uses it (lib/render/reserved-names.ts), or undefined.
   */
  reserved?(name: string, what: 'class' | 'plugin'): string | undefined;
}

/** What the delegate inputs need to know about the plugin found on disk. */
export interface PluginFacts {
  name: string;
  type: PluginType;
  /** Names the plugin's .py files define (see definedNames in lib/python/source.ts), with where: ["Foo.py:12"]. */
  defined: ReadonlyMap<string, string[]>;
  /** Names of the files, and of the folders, in the plugin folder. */
  files: ReadonlySet<string>;
  folders: ReadonlySet<string>;
  /** --force: a class name defined elsewhere in the plugin is allowed. */
  force: boolean;
}

/** The app command's answers. */
export interface AppAnswers {
  name: string;
  type: PluginType;
  targets: InfoTarget[];
  description: string;
  maintainerName: string;
  maintainerEmail: string;
  maintainerUrl: string;
  pluginVersion: string;
  license: string;
  className: string;
  rpm: boolean;
  changelogDate: string;
}

/** The delegate command's answers. */
export interface DelegateAnswers {
  className: string;
  methods: string[];
  export: boolean;
}

/** How an input is asked: free text, one of a list, yes/no, several of a list. */
export type Kind = 'text' | 'select' | 'confirm' | 'checkbox';

// Declarations of different inputs hold values of different types; the resolver treats them alike.
// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Any = any;

export interface Input<A = Any, V = Any> {
  /** Key in the answers and in `.yo-rc.json`. */
  key: string;
  /** The long option, without `--`. A confirm input is both --<option> and --no-<option>. */
  option: string;
  /** Help text for `--help`, the README and the prompt's hint. */
  description: string;
  kind: Kind;
  message(a: Partial<A>): string;
  /** The list of a select or checkbox input. */
  choices?: Choice[] | ((ctx: DefaultContext) => Choice[]);
  /**
   * Inputs whose answers this one's parse uses (a default or a question may use any input declared before it):
   * a given value is checked before any question only when these are known.
   */
  needs?: string[];
  /** False: never asked; the value is given, stored or the default. */
  asked?: false;
  /** Without a terminal and without --yes, a value must be given (or stored). */
  required?: true;
  /** False: the answer is for this run only, and not recorded in .yo-rc.json. */
  stored?: false;
  /**
   * A recorded answer that was the default then (the default of the recorded answers) is a default still: it
   * follows the answers it comes from (a description that lists the targets, when the targets change).
   */
  follows?: true;
  default(a: Partial<A>, ctx: DefaultContext): V;
  /** The answer from its command-line text; throws a ValueProblem saying why the text is not allowed. */
  parse(text: string, a: Partial<A>, ctx: DefaultContext): V;
  /** The command-line text of an answer: a prompt's default, `.yo-rc.json`. */
  format(value: V): string;
  /** Things worth saying about a valid value. */
  warnings?(value: V, a: Partial<A>): string[];
}

/** An input whose answer is its text, checked by `problem`. */
function text<A>(spec: Omit<Input<A, string>, 'kind' | 'parse' | 'format'> & {
  problem?(value: string, a: Partial<A>, ctx: DefaultContext): string | undefined;
}): Input<A, string> {
  const { problem, ...rest } = spec;
  return {
    ...rest,
    kind: 'text',
    parse(value, a, ctx) {
      const why = problem?.(value, a, ctx);
      if (why) throw new ValueProblem(why);
      return value;
    },
    format: (value) => value,
  };
}

/** A yes/no input: --<option> and --no-<option>, a confirm question, a boolean answer. */
function yesNo<A>(spec: Omit<Input<A, boolean>, 'kind' | 'parse' | 'format'>): Input<A, boolean> {
  return {
    ...spec,
    kind: 'confirm',
    parse(value) {
      if (value === 'true' || value === 'false') return value === 'true';
      throw new ValueProblem(`${quoted(value)} is not a yes/no value: pass --${spec.option} or --no-${spec.option}`);
    },
    format: String,
  };
}

const MAX_DESCRIPTION = 16384;
/** How much of the default description lists targets by name; the rest are counted. */
const DESCRIBED_TARGETS_LENGTH = 160;

function typeOf(a: { type?: PluginType }): PluginType {
  return a.type ?? 'cloud';
}

/** "ImageFactory OS plugin for Fedora:*:*, RHEL-7:7.9:* and 1,234 more targets". */
export function defaultDescription(type: PluginType, targets: InfoTarget[]): string {
  const names = targets.map(formatTarget);
  let shown = 0;
  let length = 0;
  while (shown < names.length && (shown === 0 || length + names[shown].length + 2 <= DESCRIBED_TARGETS_LENGTH)) {
    length += names[shown].length + 2;
    shown++;
  }
  const rest = names.length - shown;
  const listed = names.slice(0, shown).join(', ');
  const more = rest === 0 ? '' : ` and ${String(rest).replace(/\B(?=(\d{3})+(?!\d))/g, ',')} more target${rest === 1 ? '' : 's'}`;
  const plugin = `ImageFactory ${type === 'os' ? 'OS' : 'cloud'} plugin`;
  return listed ? `${plugin} for ${listed}${more}` : plugin;
}

const name = text<AppAnswers>({
  key: 'name',
  option: 'name',
  description:
    'Plugin name: the package folder, the .info file stem and the import path imagefactory_plugins.<name> (a Python identifier)',
  message: () => 'Plugin name (a Python identifier, e.g. MyCloud)',
  default: (_a, ctx) => (ctx.destinationName ? toIdentifier(ctx.destinationName) : '') || 'MyPlugin',
  problem: (v, _a, ctx) => {
    const problem = identifierProblem(v) ?? ctx.reserved?.(v, 'plugin');
    if (problem) return `${quoted(v)} is not a valid plugin name: ${problem}`;
    const stock = stockNameClash(v);
    if (stock) {
      return `${quoted(v)} is the name of ImageFactory's stock ${stock} plugin: installing it would overwrite ` +
        `imagefactory_plugins/${stock}; choose another name`;
    }
    return undefined;
  },
});

const TYPE_CHOICES: Choice[] = [
  { value: 'cloud', name: 'cloud - pushes, snapshots and deletes images on a provider' },
  { value: 'os', name: 'os - builds base and target images for an operating system' },
];

const type: Input<AppAnswers, PluginType> = {
  key: 'type',
  option: 'type',
  description: 'Plugin type: os (builds base and target images) or cloud (pushes images to a provider)',
  kind: 'select',
  message: () => 'Plugin type',
  choices: TYPE_CHOICES,
  required: true,
  default: () => 'cloud',
  parse(value) {
    if (value === 'os' || value === 'cloud') return value;
    throw new ValueProblem(`${quoted(value)} is not a plugin type: use os or cloud`);
  },
  format: (value) => value,
};

const targets: Input<AppAnswers, InfoTarget[]> = {
  key: 'targets',
  option: 'targets',
  description:
    'Comma-separated targets, matched case-sensitively. OS: name[:version[:arch]] (omitted parts match any). Cloud: names',
  kind: 'text',
  message: (a) => `Targets, comma-separated and case-sensitive (${TARGET_SYNTAX[typeOf(a)]})`,
  needs: ['type'],
  required: true,
  default: (a) => [typeOf(a) === 'os' ? [a.name!, null, null] : [a.name!.toLowerCase()]],
  parse: (value, a) => parseTargets(typeOf(a), value).targets,
  format: targetsToText,
  warnings: (value) => stockWarnings(value),
};

const description = text<AppAnswers>({
  key: 'description',
  option: 'description',
  description: 'One-line description for the .info file and the package metadata',
  message: () => 'Description',
  follows: true,
  default: (a) => defaultDescription(typeOf(a), a.targets!),
  problem: oneLine('the description', MAX_DESCRIPTION),
});

const className = text<AppAnswers>({
  key: 'className',
  option: 'class-name',
  description: 'Name of the delegate class and of its module (default: the plugin name)',
  message: () => 'Delegate class name',
  default: (a) => a.name!,
  problem: (v, _a, ctx) => {
    const problem = identifierProblem(v) ?? ctx.reserved?.(v, 'class');
    return problem ? `${quoted(v)} is not a valid class name: ${problem}` : undefined;
  },
});

export const APP_INPUTS: Input<AppAnswers>[] = [
  name,
  type,
  targets,
  description,
  text<AppAnswers>({
    key: 'maintainerName',
    option: 'maintainer-name',
    description: 'Maintainer name (default: git config user.name)',
    message: () => 'Maintainer name',
    default: (_a, ctx) => ctx.git('user.name') ?? '',
    problem: oneLine('the maintainer name'),
  }),
  text<AppAnswers>({
    key: 'maintainerEmail',
    option: 'maintainer-email',
    description: 'Maintainer e-mail (default: git config user.email)',
    message: () => 'Maintainer e-mail',
    default: (_a, ctx) => ctx.git('user.email') ?? '',
    problem: emailProblem,
  }),
  text<AppAnswers>({
    key: 'maintainerUrl',
    option: 'maintainer-url',
    description: 'Maintainer or project URL (http or https)',
    message: () => 'Maintainer URL (optional)',
    default: () => '',
    problem: urlProblem,
  }),
  text<AppAnswers>({
    key: 'pluginVersion',
    option: 'plugin-version',
    description: 'Plugin version for the .info file and pyproject.toml (PEP 440, e.g. 1.0 or 2.1rc1)',
    message: () => 'Plugin version',
    default: () => '1.0',
    problem: pep440Problem,
  }),
  text<AppAnswers>({
    key: 'license',
    option: 'license',
    description: 'License of the plugin (an SPDX id such as Apache-2.0, MIT or GPL-2.0-or-later is suggested)',
    message: () => 'License (SPDX id suggested)',
    default: () => 'Apache-2.0',
    problem: (v) => (v.trim() === '' ? 'the license must not be empty' : oneLine('the license', 500)(v)),
  }),
  className,
  yesNo<AppAnswers>({
    key: 'rpm',
    option: 'rpm',
    description:
      'Also write an RPM spec, python3-imagefactory-plugin-<name>.spec, and a make rpm target: the package installs ' +
      'the plugin next to the stock ones and enables it as ImageFactory\'s own plugin packages do (--no-rpm: no spec)',
    message: () => 'Write an RPM spec that installs and enables the plugin?',
    default: () => false,
  }),
  text<AppAnswers>({
    key: 'changelogDate',
    option: 'changelog-date',
    description:
      'Date of the RPM %changelog entry this run adds (with --rpm, for a new plugin version), YYYY-MM-DD (default: ' +
      'today); the entries are kept in .yo-rc.json, so that a re-run writes the same spec',
    message: () => 'Date of the RPM changelog entry (YYYY-MM-DD)',
    asked: false,
    stored: false,
    default: () => today(),
    problem: isoDateProblem,
  }),
];

/** --name and --type of the delegate command: they matter only outside a plugin. */
export const PLUGIN_INPUTS: Input<AppAnswers>[] = [
  {
    ...name,
    description: `${name.description}. Only outside a plugin, where --type and --name make the current folder a ` +
      'plugin folder; inside one, the plugin says it (and these must agree)',
  },
  { ...type, required: undefined, description: `${type.description}. Only outside a plugin, with --name` },
];

// The delegate command's inputs. The plugin the delegate goes into is found on disk (lib/commands/plugin-location.ts);
// defaults and validators read it from ctx.plugin.

function delegateMethods(ctx?: DefaultContext) {
  return (ctx?.plugin ? [ctx.plugin.type] : (['os', 'cloud'] as const)).flatMap((t) => INTERFACES[t].methods);
}

function parseMethods(value: string, _a: unknown, ctx?: DefaultContext): string[] {
  if (value.trim() === '') return [];
  const allowed = delegateMethods(ctx).map((m) => m.name);
  const kind = ctx?.plugin ? (ctx.plugin.type === 'os' ? 'an OS' : 'a cloud') : 'an OS or cloud';
  const seen = new Set<string>();
  for (const method of value.split(',').map((s) => s.trim())) {
    if (method === '') throw new ValueProblem('a method name is empty: remove the extra comma');
    if (!allowed.includes(method)) throw new ValueProblem(`${quoted(method)} is not a method of ${kind} delegate: use ${allowed.join(', ')}`);
    if (seen.has(method)) throw new ValueProblem(`${quoted(method)} is listed twice`);
    seen.add(method);
  }
  return [...seen];
}

function delegateClassProblem(value: string, a: Partial<DelegateAnswers>, ctx?: DefaultContext): string | undefined {
  try {
    className.parse(value, a as Partial<AppAnswers>, ctx!);
  } catch (e) {
    if (e instanceof ValueProblem) return e.message;
    throw e;
  }
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
  let candidate = base;
  for (let i = 2; taken(candidate); i++) candidate = `${base}${i}`;
  return candidate;
}

const GUARD_NOTE = {
  none: 'called without a check: left out, it raises "not supported"',
  hasattr: 'optional: Builder checks that it exists',
  try: 'optional: Builder ignores its absence',
} as const;

export const DELEGATE_INPUTS: Input<DelegateAnswers>[] = [
  text<DelegateAnswers>({
    key: 'className',
    option: 'class-name',
    description:
      'Name of the delegate class and of its module <class-name>.py: a Python identifier not defined in another of ' +
      "the plugin's .py files (unless --force); a class <class-name>.py already holds is updated there",
    message: () => 'Delegate class name (also its module name)',
    required: true,
    default: (_a, ctx) => freeClassName(ctx),
    problem: delegateClassProblem,
  }),
  {
    key: 'methods',
    option: 'methods',
    kind: 'checkbox',
    description:
      'Comma-separated interface methods to implement (default: all; abort is for OS plugins). Of those left out, ' +
      'the ones Builder calls without checking raise "not supported"; the others are omitted',
    message: () => 'Methods to implement',
    choices: (ctx) => delegateMethods(ctx).map((m) => ({ value: m.name, name: `${m.name} (${GUARD_NOTE[m.guard]})` })),
    default: (_a, ctx) => delegateMethods(ctx).map((m) => m.name),
    parse: parseMethods,
    format: (value: string[]) => value.join(','),
  },
  yesNo<DelegateAnswers>({
    key: 'export',
    option: 'export',
    description:
      "Make the class the plugin's delegate_class: rewrites the one-line export in __init__.py and keeps the rest " +
      '(an __init__.py that cannot be rewritten safely is left as it is, and the line to add is printed)',
    message: (a) => `Make ${a.className} the plugin's delegate_class (edits __init__.py)?`,
    default: () => false,
  }),
];
