// What each built-in template is and what every template receives: the source of `ifplugin templates --list`
// and of the README's template context section (a test keeps both in step with the code).
import { mdText } from './escape.js';

/** One line per built-in template, by `<set>/<path>`. */
export const TEMPLATE_DESCRIPTIONS: Record<string, string> = {
  'app/MANIFEST.in.ejs': 'what the sdist carries besides the package: the tests, the Makefile (and the spec)',
  'app/Makefile.ejs': 'make test, install, uninstall, enable and disable (and rpm with --rpm)',
  'app/README.md.ejs': "the plugin's README: its files, how to implement, test, install and enable it",
  'app/__dot__gitignore.ejs': '.gitignore for Python build output',
  'app/__rpmlintrc__.ejs': "rpmlint's filters for what the RPM does on purpose, written only with --rpm",
  'app/__specFile__.ejs': 'the RPM spec, written only with --rpm (its name is empty otherwise)',
  'app/pyproject.toml.ejs': 'the build system (PEP 517): setuptools',
  'app/setup.py.ejs': 'packaging: installs src/<name>/ as imagefactory_plugins.<name>, metadata from the .info',
  'app/src/__name__/__init__.py.ejs': 'the one-line export: from .<module> import <class> as delegate_class',
  'app/src/__name__/__name__.info.ejs': 'the .info file (write infoJson: it is made with JSON tools)',
  'app/tests/__init__.py.ejs': 'makes tests/ a package for unittest discovery',
  'app/tests/imagefactory_builder.py.ejs': "runs the plugin through ImageFactory's real Builder (with a partner plugin it writes) and reports each step",
  'app/tests/imagefactory_env.py.ejs': 'test support: imports the plugin as ImageFactory does and emulates its loader',
  'app/tests/test_builder.py.ejs': "tests that each build step through ImageFactory's real Builder completes or is the plugin's own stub",
  'app/tests/test_info.py.ejs': 'tests of the .info file against the loader rules',
  'app/tests/test_loader.py.ejs': 'tests that every target is found and the delegate accepts what Builder passes',
  'delegate/src/__name__/__module__.py.ejs': 'a delegate class: the interface methods with what Builder passes',
  'delegate/tests/test___module__.py.ejs': "tests of one delegate class's methods and interface",
};

export interface ContextEntry {
  name: string;
  type: string;
  description: string;
  /** Only in the delegate set's context. */
  delegateOnly?: boolean;
}

/** Every value a template can use. A test checks this list against the real contexts. */
export const CONTEXT_DOC: ContextEntry[] = [
  { name: 'answers', type: 'AppAnswers', description: "the plugin's answers, typed (option names in camelCase: name, type, targets as the .info lists them, description, maintainerName, ..., rpm a boolean); in a delegate run, the project's recorded answers, or those the plugin's .info gives" },
  { name: 'name', type: 'string', description: 'the plugin name: package folder, .info stem, imagefactory_plugins.<name>' },
  { name: 'type', type: "'os' | 'cloud'", description: 'the plugin type' },
  { name: 'targets', type: '(string | null)[][]', description: 'the targets as the .info lists them' },
  { name: 'iface', type: 'DelegateInterface', description: "the plugin type's interface: name, module and methods (each with name, args, guard, summary, calledBy, duty)" },
  { name: 'ifaces', type: 'Record<type, DelegateInterface>', description: 'both interfaces' },
  { name: 'info', type: 'PluginInfo', description: 'the .info content as an object' },
  { name: 'infoJson', type: 'string', description: 'the .info file text, written with JSON.stringify' },
  { name: 'distName', type: 'string', description: 'the Python distribution name in pyproject.toml' },
  { name: 'rpm', type: 'RpmContext | null', description: 'the RPM spec values with --rpm, else null' },
  { name: 'className', type: 'string', description: 'the delegate class (the exported one in the app set)' },
  { name: 'moduleName', type: 'string', description: "the delegate's module name (the same as className)" },
  { name: 'builderCalls', type: 'PyValue', description: 'per type and method: the arguments Builder passes, whether it checks first, and the template OS names for which a stock cloud plugin calls it (only_for)' },
  { name: 'h', type: 'helpers', description: 'escaping and layout helpers: h.pyString, h.pyStringWrapped, h.pyDocstring, h.pyComment, h.tomlString, h.json, h.mdText, h.specText, h.wrapText, h.defLine, h.pyLiteral' },
  { name: 'methods', type: 'DelegateMethod[]', description: 'the methods the delegate implements', delegateOnly: true },
  { name: 'unsupported', type: 'DelegateMethod[]', description: 'left-out methods Builder calls without checking: they raise "not supported"', delegateOnly: true },
  { name: 'omitted', type: 'DelegateMethod[]', description: 'left-out methods Builder checks for first: absent', delegateOnly: true },
];

/** The README section, generated from CONTEXT_DOC. */
export function contextMarkdown(): string {
  const rows = CONTEXT_DOC.map((e) => `| \`${e.name}\` | \`${e.type.replace(/\|/g, '\\|')}\` | ${mdText(e.description)}${e.delegateOnly ? ' (delegate templates only)' : ''} |`);
  return ['| name | type | what it is |', '|---|---|---|', ...rows].join('\n');
}
