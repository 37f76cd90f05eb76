// Every rule `ifplugin validate` can report, declared once: the README's rule table is printed from this list
// (`ifplugin validate --rules`) and tests check that the code, python/inspect_plugin.py and the README agree with it.

import type { Severity } from './types.js';

export type { Severity };

export interface Rule {
  id: string;
  severity: Severity | 'error or warning';
  /** Which check reports it: the `.info` file, the plugin folder's layout, or the Python analysis. */
  source: '.info' | 'folder' | 'python';
  /** False when a finding is about a whole file or folder and has no line:col. */
  located: boolean;
  /** One sentence: what is wrong and what ImageFactory does about it. */
  summary: string;
  /** What `ifplugin validate --fix` does about it, and when; absent when it is never fixed. */
  fix?: string;
}

export const RULES = [
  { id: 'info-unreadable', severity: 'error', source: '.info', located: false,
    summary: 'The file cannot be read as UTF-8 text: `json.load` fails and the plugin is marked failed ("\'NoneType\' object is not subscriptable"). Also a file larger than 1 MiB, which validate does not read.' },
  { id: 'info-invalid-json', severity: 'error', source: '.info', located: true,
    summary: 'Not JSON (often Python syntax: single quotes, None, True, a trailing comma): the loader marks the plugin failed with "\'NoneType\' object is not subscriptable" and logs the real error.' },
  { id: 'info-too-deep', severity: 'error', source: '.info', located: true,
    summary: 'The JSON nests more arrays and objects than Python\'s `json.load` reads in the loader (989, under the default recursion limit of 1000): it raises RecursionError and the plugin is marked failed.' },
  { id: 'info-not-object', severity: 'error', source: '.info', located: true,
    summary: 'The JSON is not an object: the loader marks the plugin failed.' },
  { id: 'info-missing-key', severity: 'error', source: '.info', located: true,
    summary: '`type` or `targets` is missing (keys are case-sensitive): the loader marks the plugin failed ("Missing entry for ...").' },
  { id: 'info-type', severity: 'error', source: '.info', located: true,
    summary: '`type` is not `os` or `cloud` (in any case): the loader silently skips the plugin, or fails on a non-string.' },
  { id: 'info-targets-not-list', severity: 'error', source: '.info', located: true,
    summary: '`targets` is not a list: nothing usable is registered.' },
  { id: 'info-targets-empty', severity: 'error', source: '.info', located: true,
    summary: '`targets` is empty: the plugin can never be selected.' },
  { id: 'info-target-bare-string', severity: 'error', source: '.info', located: true,
    summary: 'A target is a bare string such as `"vsphere"`: it is registered but every lookup uses a list, so it is never found.',
    fix: 'Wraps the string in a list, keeping its text: `"vsphere4"` becomes `["vsphere4"]`, an OS name `["Fedora", null, null]` (when `type` is `os` or `cloud`).' },
  { id: 'info-target-not-list', severity: 'error', source: '.info', located: true,
    summary: 'A target is neither a list nor a string: the loader fails or registers something unreachable.' },
  { id: 'info-target-shape', severity: 'error', source: '.info', located: true,
    summary: 'An OS target is not `[name, version, arch]` or a cloud target is not `[name]`: lookups never match it.' },
  { id: 'info-target-non-string', severity: 'error', source: '.info', located: true,
    summary: 'A target holds a number, list or object (write `"30"`, not `30`): it never matches.' },
  { id: 'info-target-null-name', severity: 'error', source: '.info', located: true,
    summary: 'An OS target has a `null` name: the loader never tries a null name, so it never matches.' },
  { id: 'info-target-middle-wildcard', severity: 'error', source: '.info', located: true,
    summary: 'An OS target has a `null` before a concrete part, e.g. `["Debian", null, "x86_64"]`: the loader blanks parts only from the right, so it never matches.' },
  { id: 'info-target-duplicate', severity: 'warning', source: '.info', located: true,
    summary: 'The same target is listed twice: the loader logs "already registered".' },
  { id: 'info-target-stock-clash', severity: 'warning', source: '.info', located: true,
    summary: 'A stock ImageFactory plugin claims the same target: whichever .info the loader lists first wins, and the loser\'s error shows only in the log.' },
  { id: 'info-stem-folder', severity: 'error', source: '.info', located: false,
    summary: 'In a plugin folder, `<Name>.info` and the folder are spelled differently: the loader imports `imagefactory_plugins.<Name>`, which does not exist.' },
  { id: 'info-stem-identifier', severity: 'warning', source: '.info', located: false,
    summary: 'The plugin name (the `.info` file name) is not a Python identifier: the loader copes, normal Python imports do not.' },
  { id: 'info-missing-doc', severity: 'warning', source: '.info', located: true,
    summary: 'A documented key is missing (description, maintainer name/email/url, version, license): not needed to load, but `imagefactory plugins` shows them.' },
  { id: 'info-doc-type', severity: 'warning', source: '.info', located: true,
    summary: 'A documented key has the wrong JSON type (e.g. a number for `version`).' },
  { id: 'info-maintainer-format', severity: 'warning', source: '.info', located: true,
    summary: 'The maintainer e-mail or URL is malformed.' },
  { id: 'info-schema', severity: 'error', source: '.info', located: true,
    summary: 'Any other violation of `schemas/info.schema.json`.' },
  { id: 'init-missing', severity: 'error', source: 'folder', located: false,
    summary: 'A plugin folder (it holds `<Name>.info`) has no `__init__.py`: `imagefactory_plugins.<Name>` has no `delegate_class`, so every build fails. Reported by `python/inspect_plugin.py`, or by the folder check when Python is not available.',
    fix: 'Creates `__init__.py` with `from .Module import Class as delegate_class`, when exactly one class of the folder declares `OSDelegate` or `CloudDelegate` (of the .info\'s type).' },
  { id: 'plugin-no-info', severity: 'warning', source: 'folder', located: false,
    summary: 'An `__init__.py` exports `delegate_class` but there is no `.info`: nothing in plugins.d can enable it.' },
  { id: 'path-no-plugin', severity: 'error', source: 'folder', located: false,
    summary: 'A path given to validate holds no `.info` file and no plugin folder.' },
  { id: 'python-failed', severity: 'error', source: 'python', located: false,
    summary: '`python/inspect_plugin.py` could not analyse the folder (it crashed or wrote no report): the Python rules were not checked.' },
  { id: 'py-unreadable', severity: 'error', source: 'python', located: false,
    summary: 'A `.py` file of the plugin is not a regular file of at most 4 MiB (a FIFO, a device such as /dev/zero, unreadable): importing the plugin hangs, fails or runs out of memory, so it is not analysed.' },
  { id: 'py-syntax', severity: 'error', source: 'python', located: true,
    summary: 'A `.py` file does not parse with the Python used (often Python 2 syntax): importing the plugin raises SyntaxError.' },
  { id: 'init-no-delegate-class', severity: 'error', source: 'python', located: false,
    summary: '`__init__.py` does not bind `delegate_class`: every build raises `AttributeError`.' },
  { id: 'init-delegate-instance', severity: 'error', source: 'python', located: true,
    summary: '`delegate_class` is an instance of the delegate, not the class: PluginManager calls `delegate_class()` for every build, which raises `TypeError`.' },
  { id: 'py-implicit-import', severity: 'error', source: 'python', located: true,
    summary: 'A Python 2 implicit relative import of the plugin\'s own module: `ModuleNotFoundError`, "Unable to import plugin for target". Not reported for a module Python 3 finds on its own (the standard library, imgfac, zope), which is what such an import gets.',
    fix: 'Makes the import relative: `from X import Y` becomes `from .X import Y`, `import X` becomes `from . import X` (not `import X.Y`, which binds X).' },
  { id: 'py-missing-module', severity: 'error', source: 'python', located: true,
    summary: 'A relative import names a module the plugin folder does not have, often only by case (`.mycloud` for `MyCloud.py`, which works on a case-insensitive disk): `ModuleNotFoundError` on Linux.' },
  { id: 'py-class-advice', severity: 'error', source: 'python', located: true,
    summary: 'zope class advice such as `implements(...)` in a class body: "TypeError: Class advice impossible in Python3" on import.',
    fix: 'Replaces the call with the class decorator, as ImageFactory\'s own port did in 2019: `implements(I)` becomes `@implementer(I)` above the class, imported with `from zope.interface import implementer` (in place of an `import zope` nothing else uses).' },
  { id: 'delegate-implementer-module', severity: 'error', source: 'python', located: true,
    summary: '`@implementer` is given the module `imgfac.CloudDelegate` (or `OSDelegate`), not the interface in it: zope raises `TypeError` while the plugin is imported.' },
  { id: 'delegate-init-arguments', severity: 'error', source: 'python', located: true,
    summary: 'The delegate\'s constructor needs arguments: PluginManager creates it with `delegate_class()`, so every build raises `TypeError`.' },
  { id: 'delegate-init-returns', severity: 'error', source: 'python', located: true,
    summary: 'The delegate\'s `__init__` returns a value: `delegate_class()` raises `TypeError` for every build.' },
  { id: 'delegate-missing-method', severity: 'error or warning', source: 'python', located: true,
    summary: 'The delegate lacks a method: an error when Builder calls it unchecked (or a stock cloud plugin does, for targets of this plugin: vSphere calls `add_cloud_plugin_content` for RHEL-5), so the build fails; a warning when Builder checks with hasattr or try first (without `builder_should_create_target_image` Builder creates the target image).' },
  { id: 'delegate-bad-signature', severity: 'error', source: 'python', located: true,
    summary: 'A method cannot take the arguments Builder passes (e.g. Docker\'s and OpenStack\'s `snapshot_image_on_provider` without `target`): the call raises `TypeError`.',
    fix: 'Adds the parameters Builder passes that the method lacks, where Builder passes them (Docker\'s and OpenStack\'s `snapshot_image_on_provider` get `target`), when its other parameters are Builder\'s, in order and without defaults, and its body uses none of the names added.' },
  { id: 'delegate-not-callable', severity: 'error or warning', source: 'python', located: true,
    summary: 'A method Builder calls is `None`, a value or a property in the class: the call fails and the build is marked FAILED (for `abort`, an error is only logged).' },
  { id: 'delegate-coroutine-or-generator', severity: 'error or warning', source: 'python', located: true,
    summary: 'A method Builder calls is an `async def` or contains `yield`: the call only makes a coroutine or generator, the body never runs, and Builder marks the step COMPLETE with nothing done.' },
  { id: 'delegate-should-returns-none', severity: 'error', source: 'python', located: true,
    summary: '`builder_should_create_target_image` never returns a value: None counts as False, so Builder skips the OS plugin\'s `create_target_image` and marks an empty target image COMPLETE.' },
  { id: 'delegate-none', severity: 'warning', source: 'python', located: false,
    summary: 'No delegate class was found to check: `delegate_class` is not a class of the folder, or no class declares `OSDelegate`/`CloudDelegate`.' },
] as const satisfies readonly Rule[];

export type RuleId = (typeof RULES)[number]['id'];

/** The rule ids reported by python/inspect_plugin.py. */
export const PYTHON_RULE_IDS: readonly RuleId[] = [
  'py-unreadable', 'py-syntax', 'init-missing', 'init-no-delegate-class', 'init-delegate-instance', 'py-implicit-import',
  'py-missing-module', 'py-class-advice', 'delegate-implementer-module', 'delegate-init-arguments',
  'delegate-init-returns', 'delegate-missing-method', 'delegate-bad-signature', 'delegate-not-callable',
  'delegate-coroutine-or-generator', 'delegate-should-returns-none', 'delegate-none',
];

export function ruleById(id: string): Rule | undefined {
  return (RULES as readonly Rule[]).find((r) => r.id === id);
}

/** The README's rule table, in Markdown. */
export function rulesMarkdown(): string {
  const cell = (text: string) => text.replace(/\|/g, '\\|');
  const rows = (RULES as readonly Rule[]).map((r) => `| \`${r.id}\` | ${r.severity} | ${r.source} | ${cell(r.summary)} | ${r.fix ? cell(r.fix) : ''} |`);
  return ['| rule | severity | checks | what is wrong, and what ImageFactory does | what `--fix` does |', '|---|---|---|---|---|', ...rows].join('\n');
}
