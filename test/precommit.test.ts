// The pre-commit hook this repository offers (.pre-commit-hooks.yaml) and the entry the generated README shows:
// the hook pre-commit installs (npm pack, then the bin) runs `ifplugin validate` on the whole project whenever a
// .info or .py file is committed, and passes on a clean plugin project.
import assert from 'node:assert/strict';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { tempDir } from './support/cli.js';
import { validate } from './support/validate-cli.js';

const ROOT = join(import.meta.dirname, '..');
const PACKAGE = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));

/** The hooks file's list of mappings of plain scalars, the only YAML it holds (comments left out). */
function hooks(): Record<string, string>[] {
  const list: Record<string, string>[] = [];
  for (const line of readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8').split('\n')) {
    if (/^\s*(#|$)/.test(line)) continue;
    const m = /^(- |  )([a-z_]+): (.*)$/.exec(line);
    assert.ok(m, `unexpected line: ${line}`);
    if (m[1] === '- ') list.push({});
    list[list.length - 1][m[2]] = m[3];
  }
  return list;
}

describe('pre-commit', () => {
  it('offers the hook ifplugin-validate: the node package, the whole project, when a .info or .py file changes', () => {
    const [hook, ...more] = hooks();
    assert.deepEqual(more, []);
    assert.deepEqual(
      { id: hook.id, language: hook.language, entry: hook.entry, pass_filenames: hook.pass_filenames },
      { id: 'ifplugin-validate', language: 'node', entry: 'ifplugin validate', pass_filenames: 'false' },
    );
    // pre-commit packs this repository and installs the bin the entry names.
    assert.ok(PACKAGE.bin.ifplugin && PACKAGE.files.includes('dist'));
    const files = new RegExp(hook.files);
    for (const path of ['src/MyCloud/MyCloud.info', 'src/MyCloud/MyCloud.py', 'MyOS.info']) assert.match(path, files);
    for (const path of ['README.md', 'setup.cfg', 'src/MyCloud/MyCloud.info.orig', 'tests/data.pyc']) assert.doesNotMatch(path, files);
  });

  it("passes, with the entry's words and no path, in a clean plugin project", async () => {
    const project = tempDir('ifplugin-precommit-');
    cpSync(join(ROOT, 'test', 'fixtures', 'validate', 'plugins', 'CleanCloud'), join(project, 'src', 'CleanCloud'), { recursive: true });
    writeFileSync(join(project, 'pyproject.toml'), '[tool.ifplugin.validate]\nstrict = true\n');
    const [, ...args] = hooks()[0].entry.split(' ');
    const r = await validate(args.slice(1), project);
    assert.equal(r.status, 0, r.stdout + r.stderr);
    assert.match(r.stderr, /^0 errors, 0 warnings \(1 plugin folder, 0 other \.info files.*; settings from pyproject\.toml\n$/);
  });

  it("is shown by the generated README with this repository's address and release", () => {
    const url = String(PACKAGE.repository.url).replace(/^git\+/, '').replace(/\.git$/, '');
    const entry = `      - repo: ${url}\n        rev: v${PACKAGE.version}\n        hooks:\n          - id: ifplugin-validate\n`;
    assert.ok(readFileSync(join(ROOT, 'templates', 'app', 'README.md.ejs'), 'utf8').includes(entry));
    assert.ok(readFileSync(join(ROOT, '.pre-commit-hooks.yaml'), 'utf8').includes(entry.replace(/^ {6}/gm, '#     ')));
  });
});
