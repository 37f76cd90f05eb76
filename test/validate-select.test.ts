// Which findings `ifplugin validate` reports and when it fails: --select/--ignore (ids and prefixes), --max-warnings,
// --strict, the [tool.ifplugin.validate] table of pyproject.toml (found from the working folder upward, read by a
// strict reader of its own), the command line over it, and validate with no path.
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '../lib/errors.js';
import { RULES } from '../lib/imagefactory/rules.js';
import { findSettings, readSettings } from '../lib/validate/config.js';
import { ruleEntries, selected } from '../lib/validate/select.js';
import { tempDir } from './support/cli.js';
import { validate } from './support/validate-cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'validate');
const show = (p: string) => p;
const settingsOf = (toml: string) => readSettings(toml, 'pyproject.toml')?.settings;
const problem = (toml: string) => {
  try {
    readSettings(toml, 'pyproject.toml');
  } catch (e) {
    assert.ok(e instanceof UsageError);
    return e.message;
  }
  return assert.fail('no error');
};

describe('ifplugin validate: rule selection and settings', function () {
  this.timeout(60000);

  describe('--select and --ignore', () => {
    it('take rule ids and prefixes that end at a dash; the most specific entry decides', () => {
      const ids = (s: Parameters<typeof selected>[1]) => RULES.map((r) => r.id).filter((id) => selected(id, s));
      assert.equal(ids({}).length, RULES.length);
      assert.deepEqual(ids({ select: ['info-target'] }), RULES.map((r) => r.id).filter((id) => id.startsWith('info-target-')));
      assert.deepEqual(ids({ select: ['info-target-shape', 'init-missing'] }), ['info-target-shape', 'init-missing']);
      assert.ok(!ids({ ignore: ['info'] }).some((id) => id.startsWith('info-')));
      assert.deepEqual(ids({ select: ['info-target-bare-string'], ignore: ['info'] }), ['info-target-bare-string']);
      assert.deepEqual(ids({ select: ['info'], ignore: ['info-target'] }).filter((id) => id.startsWith('info-target-')), []);
      assert.ok(ids({ select: ['info'], ignore: ['info-target'] }).includes('info-targets-empty'));
      // Equally specific: the ignore wins.
      assert.deepEqual(ids({ select: ['init-missing'], ignore: ['init-missing'] }), []);
    });

    it('name an unknown id or prefix in one line, with the near miss', () => {
      assert.throws(() => ruleEntries(['info-targ', 'init-mising'], '--select'),
        { name: 'UsageError', message: "--select: no rule is named 'info-targ', 'init-mising' or starts with them (did you mean init-missing?); the rules: ifplugin validate --rules" });
      assert.throws(() => ruleEntries(['info', ''], '--ignore'), { message: /^--ignore needs rule ids or prefixes separated by commas, e\.g\. / });
      assert.deepEqual(ruleEntries([' info ', 'py-syntax'], '--select'), ['info', 'py-syntax']);
    });

    it('filter what is printed and counted, --fix included', async () => {
      const r = await validate(['--select', 'info-target', '--ignore', 'info-target-bare-string', 'plugins.d/Bare.info'], FIXTURES);
      assert.deepEqual([r.status, r.stdout], [0, '']);
      const only = await validate(['--select', 'info-missing-doc', 'plugins.d/Bare.info'], FIXTURES);
      assert.equal(only.status, 0);
      assert.deepEqual(only.stdout.trimEnd().split('\n').map((l) => /\(([a-z-]+)\)$/.exec(l)?.[1]), ['info-missing-doc', 'info-missing-doc', 'info-missing-doc']);
      assert.equal(only.stderr, '0 errors, 3 warnings (0 plugin folders, 1 other .info file)\n');
    });
  });

  describe('--max-warnings and --strict', () => {
    it('fail the run on more warnings than allowed, and say so in one line', async () => {
      const run = (...args: string[]) => validate(['--select', 'info-missing-doc', ...args, 'plugins.d/Bare.info'], FIXTURES);
      assert.equal((await run('--max-warnings', '3')).status, 0);
      const over = await run('--max-warnings', '2');
      assert.equal(over.status, 1);
      assert.match(over.stderr, /\nifplugin validate: more warnings than --max-warnings 2 allows\n$/);
      const strict = await run('--strict');
      assert.equal(strict.status, 1);
      assert.match(strict.stderr, /\nifplugin validate: --strict: warnings fail the run\n$/);
      assert.equal((await run('--strict', '--no-strict')).status, 2);
      assert.equal((await validate(['--strict', 'plugins.d/Good.info'], FIXTURES)).status, 0);
    });

    it('refuse a value that is not a count, in one line with exit status 2', async () => {
      for (const value of ['-1', 'x', '1.5', '']) {
        const r = await validate([`--max-warnings=${value}`, 'plugins.d/Good.info'], FIXTURES);
        assert.equal(r.status, 2);
        assert.equal(r.stderr, `ifplugin validate: ${value === '' ? '--max-warnings needs a value' : `--max-warnings ${value}: give a whole number of 0 or more`} (see ifplugin validate --help)\n`);
      }
    });
  });

  describe('[tool.ifplugin.validate] in pyproject.toml', () => {
    it('reads strings, arrays of strings, integers and booleans, written as a table, dotted keys or an inline table', () => {
      const table = '[project]\nname = "x"\n\n[tool.ifplugin.validate]  # ours\nselect = [\n  "info",  # the .info rules\n  \'py-syntax\',\n]\nmax-warnings = 1_0\nstrict = false\n';
      assert.deepEqual(settingsOf(table), { select: ['info', 'py-syntax'], maxWarnings: 10, strict: false });
      assert.deepEqual(settingsOf('[tool]\nifplugin.validate.ignore = ["info-missing-doc"]\n'), { ignore: ['info-missing-doc'] });
      assert.deepEqual(settingsOf('[tool.ifplugin]\nvalidate = { strict = true, "max-warnings" = 0 }\n'), { strict: true, maxWarnings: 0 });
      assert.deepEqual(settingsOf('[tool.ifplugin.validate]\r\nignore = ["a\\u002db"]\r\n'), { ignore: ['a-b'] });
      assert.deepEqual(settingsOf('[tool.ifplugin.validate]\n'), {});
    });

    it('is not fooled by the same text in a string or another table', () => {
      assert.equal(readSettings('[tool.other]\ndoc = """\n[tool.ifplugin.validate]\nstrict = true\n"""\nwhen = 1979-05-27 07:32:00Z\n', 'p'), undefined);
      assert.equal(readSettings("x = '[tool.ifplugin.validate]'\n[tool.ifplugin]\nother = 1\n", 'p'), undefined);
      assert.deepEqual(settingsOf('a = [[1, 2], {b = "]"}]\n[tool.ifplugin.validate]\nstrict = true\n'), { strict: true });
    });

    it('names the file, the line and the key of anything else, in one line', () => {
      const cases: [string, string][] = [
        ['[tool.ifplugin.validate]\nselct = ["info"]\n', "pyproject.toml:2: [tool.ifplugin.validate] selct: unknown setting; the settings are select, ignore, max-warnings, strict"],
        ['[tool.ifplugin.validate]\n\nselect = "info"\n', 'pyproject.toml:3: [tool.ifplugin.validate] select must be an array of strings (rule ids or prefixes), e.g. select = ["info-target", "py-implicit-import"]'],
        ['[tool.ifplugin.validate]\nignore = ["a", 1]\n', 'pyproject.toml:2: [tool.ifplugin.validate] ignore must be an array of strings (rule ids or prefixes), e.g. ignore = ["info-target", "py-implicit-import"]'],
        ['[tool.ifplugin.validate]\nmax-warnings = 1.5\n', 'pyproject.toml:2: [tool.ifplugin.validate] max-warnings must be a whole number of 0 or more, e.g. max-warnings = 0'],
        ['[tool.ifplugin.validate]\nmax-warnings = "3"\n', 'pyproject.toml:2: [tool.ifplugin.validate] max-warnings must be a whole number of 0 or more, e.g. max-warnings = 0'],
        ['[tool.ifplugin.validate]\nstrict = "yes"\n', 'pyproject.toml:2: [tool.ifplugin.validate] strict must be true or false'],
        ['[tool.ifplugin.validate]\nstrict = true\nstrict = false\n', 'pyproject.toml:3: [tool.ifplugin.validate] strict is given twice (also at pyproject.toml:2)'],
        ['[[tool.ifplugin.validate]]\nstrict = true\n', 'pyproject.toml:1: [[tool.ifplugin.validate]] must be a single table: write [tool.ifplugin.validate]'],
        ['[tool.ifplugin.validate.rules]\n', 'pyproject.toml:1: [tool.ifplugin.validate.rules]: unknown table; the settings go in [tool.ifplugin.validate]'],
        ['[tool.ifplugin]\nvalidate = 1\n', 'pyproject.toml:2: tool.ifplugin.validate must be a table'],
        ['[tool.ifplugin.validate]\nselect = ["info"\n', 'pyproject.toml:3: expected , or ] in an array'],
        ['[tool.ifplugin.validate]\nselect = ["info]\n', 'pyproject.toml:2: a string is not closed on its line'],
      ];
      for (const [toml, message] of cases) assert.equal(problem(toml), message, toml);
    });

    it('is the first pyproject.toml with the table, from the working folder upward', () => {
      const top = tempDir('ifplugin-settings-');
      const project = join(top, 'project');
      const sub = join(project, 'src', 'Plugin');
      mkdirSync(sub, { recursive: true });
      writeFileSync(join(top, 'pyproject.toml'), '[tool.ifplugin.validate]\nstrict = true\n');
      assert.equal(findSettings(sub, show)?.file, join(top, 'pyproject.toml'));
      writeFileSync(join(project, 'pyproject.toml'), '[build-system]\nrequires = ["setuptools"]\n');
      assert.equal(findSettings(sub, show)?.file, join(top, 'pyproject.toml'));
      writeFileSync(join(project, 'pyproject.toml'), '[tool.ifplugin.validate]\nmax-warnings = 2\n');
      assert.deepEqual(findSettings(sub, show), { file: join(project, 'pyproject.toml'), settings: { maxWarnings: 2 }, where: { maxWarnings: `${join(project, 'pyproject.toml')}:2` } });
    });

    it('applies to a run, with the command line over it, and its errors end the run with exit status 2', async () => {
      const dir = tempDir('ifplugin-settings-run-');
      cpSync(join(FIXTURES, 'plugins.d'), join(dir, 'plugins.d'), { recursive: true });
      const toml = (text: string) => writeFileSync(join(dir, 'pyproject.toml'), text);
      toml('[tool.ifplugin.validate]\nignore = ["info-target-bare-string"]\nmax-warnings = 3\n');
      const limited = await validate(['plugins.d/Bare.info'], dir);
      assert.equal(limited.status, 1);
      assert.doesNotMatch(limited.stdout, /info-target-bare-string/);
      assert.equal(limited.stderr, '0 errors, 4 warnings (0 plugin folders, 1 other .info file); settings from pyproject.toml\n' +
        'ifplugin validate: more warnings than max-warnings = 3 (pyproject.toml:3) allows\n');
      assert.equal((await validate(['--max-warnings', '4', 'plugins.d/Bare.info'], dir)).status, 0);
      assert.match((await validate(['--ignore', 'info-missing-doc', 'plugins.d/Bare.info'], dir)).stdout, /info-target-bare-string/);
      toml('[tool.ifplugin.validate]\nstrict = true\n');
      assert.equal((await validate(['--select', 'info-missing-doc', 'plugins.d/Bare.info'], dir)).status, 1);
      assert.equal((await validate(['--select', 'info-missing-doc', '--no-strict', 'plugins.d/Bare.info'], dir)).status, 0);
      toml('[tool.ifplugin.validate]\nselect = ["info-targ"]\n');
      const bad = await validate(['plugins.d'], dir);
      assert.deepEqual([bad.status, bad.stdout], [2, '']);
      assert.equal(bad.stderr, "ifplugin validate: pyproject.toml:2: [tool.ifplugin.validate] select: no rule is named 'info-targ' or starts with it; the rules: ifplugin validate --rules (see ifplugin validate --help)\n");
      // The command line's own value is the one checked.
      assert.equal((await validate(['--select', 'info', 'plugins.d/Good.info'], dir)).status, 0);
    });
  });

  it('checks . when no path is given', async () => {
    const dir = tempDir('ifplugin-no-path-');
    cpSync(join(FIXTURES, 'plugins.d'), dir, { recursive: true });
    const r = await validate(['--no-python'], dir);
    assert.equal(r.status, 1);
    assert.match(r.stdout, /^Bare\.info:/m);
    assert.match(r.stderr, /\(0 plugin folders, 2 other \.info files\)/);
  });
});
