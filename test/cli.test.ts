// The `ifplugin` bin as a user or a CI job runs it: no terminal, exit codes, one-line errors, help.
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { ifplugin, tempDir } from './support/cli.js';

describe('ifplugin CLI', function () {
  this.timeout(30000);

  it('--help lists every declared option with its help text', () => {
    const r = ifplugin(['--help'], tempDir());
    assert.equal(r.status, 0, r.stderr);
    const help = r.stdout.replace(/\s+/g, ' ');
    for (const input of APP_INPUTS) {
      // A yes/no input is a flag (its --no- form is hidden by commander).
      assert.ok(help.includes(input.boolean ? `--${input.option} ` : `--${input.option} <value>`), input.option);
      assert.ok(help.includes(input.description.replace(/\s+/g, ' ')), input.description);
    }
    for (const flag of ['-y, --yes', '--interactive', '--force', '--dry-run']) assert.ok(help.includes(flag), flag);
  });

  it('scaffolds with --yes and no terminal, ending with the next commands', () => {
    const dir = tempDir();
    const r = ifplugin(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'vsphere4,vsphere5'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /Created the cloud plugin Example in \.\/Example \(15 files/);
    assert.match(out, /python3 -m unittest discover -v/);
    assert.ok(existsSync(join(dir, 'Example/src/Example/Example.info')));
  });

  it('scaffolds without loading Yeoman at all', () => {
    const hook = join(import.meta.dirname, 'support', 'refuse-yeoman.mjs');
    const dir = tempDir();
    const r = ifplugin(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x'], dir, { NODE_OPTIONS: `--import=${hook}` });
    assert.equal(r.status, 0, r.stderr);
    assert.ok(existsSync(join(dir, 'Example/src/Example/Example.info')));
  });

  const bad: [string[], RegExp][] = [
    [['--type', 'cloud'], /^ifplugin: --targets is required when there is no terminal to ask: pass --targets <targets>, or --yes to take the defaults$/],
    [['--yes', '--type', 'vm'], /^ifplugin: --type: "vm" is not a plugin type: use os or cloud$/],
    [['--yes', '--name', '9lives'], /^ifplugin: --name: "9lives" is not a valid plugin name: it must start with a letter or underscore$/],
    [['--yes', '--name', '../evil'], /^ifplugin: --name: "\.\.\/evil" is not a valid plugin name: it may contain only ASCII letters, digits and underscores$/],
    [['--yes', '--name', 'TinMan'], /^ifplugin: --name: "TinMan" is the name of ImageFactory's stock TinMan plugin/],
    [['--yes', '--type', 'os', '--targets', 'RHEL-7::x86_64'], /^ifplugin: --targets: "RHEL-7::x86_64" has a wildcard version before a concrete arch/],
    [['--yes', '--maintainer-email', 'nobody'], /^ifplugin: --maintainer-email: "nobody" is not an e-mail address like name@example\.org$/],
    [['--yes', '--maintainer-url', 'ftp://x'], /^ifplugin: --maintainer-url: "ftp:\/\/x" is not an http\(s\) URL$/],
    [['--yes', '--plugin-version', '1.0-beta'], /^ifplugin: --plugin-version: "1\.0-beta" is not a PEP 440 version like 1\.0 or 2\.1rc1$/],
    [['--yes', '--class-name', 'my-class'], /^ifplugin: --class-name: "my-class" is not a valid class name/],
    [['--yes', '--description', 'two\nlines'], /^ifplugin: --description: the description must be one line$/],
    [['--yes', '--no-such-option'], /^ifplugin: unknown option '--no-such-option'/],
  ];
  for (const [args, message] of bad) {
    it(`refuses ${args.join(' ').replace(/\n/g, '\\n')} with one line, writing nothing`, () => {
      const dir = tempDir();
      const r = ifplugin(args, dir);
      assert.notEqual(r.status, 0);
      assert.match(r.stderr.trim(), message);
      assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /^\s+at /m);
      assert.deepEqual(readdirSync(dir), []);
    });
  }
});
