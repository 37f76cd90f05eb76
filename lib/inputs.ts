// Every input of the generators, declared once. The CLI option, the prompt, the default, the validation
// (the same for a typed answer and an option value), the help text and the `.yo-rc.json` entry all come
// from these declarations.
import { formatTarget, parseTargets, TARGET_SYNTAX } from './targets.js';
import type { PluginType } from './interfaces.js';
import { identifierProblem, toIdentifier } from './python-names.js';
import { stockNameClash } from './stock.js';

/** Every answer is kept as the text a user would pass on the command line. */
export type Answers = Record<string, string>;

export interface DefaultContext {
  /** Base name of the destination folder when one was given. */
  destinationName?: string;
  /** `git config` values, read only when a default needs them. */
  git(key: 'user.name' | 'user.email'): string | undefined;
}

export interface Input {
  /** Key in the answers and in `.yo-rc.json`. */
  key: string;
  /** The long option, without `--`. */
  option: string;
  /** Help text for `--help`, the README and the prompt's hint. */
  description: string;
  /** The question; `choices` makes it a list. */
  prompt: { message: (a: Answers) => string; choices?: { value: string; name: string }[] };
  /** True when the value has no default unless `--yes` is given. */
  required?: boolean;
  default(a: Answers, ctx: DefaultContext): string;
  /** Why the value is not allowed, as a sentence fragment, or undefined when it is. */
  validate?(value: string, a: Answers): string | undefined;
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
    if (u.protocol !== 'http:' && u.protocol !== 'https:') return `"${v}" is not an http(s) URL`;
    if (/\s/.test(v)) return `"${v}" contains white space`;
    return undefined;
  } catch {
    return `"${v}" is not a URL: write it as https://host/path`;
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
      const problem = identifierProblem(v);
      if (problem) return `"${v}" is not a valid plugin name: ${problem}`;
      const stock = stockNameClash(v);
      if (stock) {
        return `"${v}" is the name of ImageFactory's stock ${stock} plugin: installing it would overwrite ` +
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
    validate: (v) => (v === 'os' || v === 'cloud' ? undefined : `"${v}" is not a plugin type: use os or cloud`),
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
    validate: (v) => (v === '' || (EMAIL.test(v) && v.length <= 254) ? undefined : `"${v}" is not an e-mail address like name@example.org`),
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
    validate: (v) => (PEP440.test(v) ? undefined : `"${v}" is not a PEP 440 version like 1.0 or 2.1rc1`),
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
      const problem = identifierProblem(v);
      return problem ? `"${v}" is not a valid class name: ${problem}` : undefined;
    },
  },
];
