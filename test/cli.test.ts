// The `ifplugin` bin as a user or a CI job runs it: no terminal, exit codes, one-line errors, help.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { BIN, ifplugin, tempDir } from './support/cli.js';

describe('ifplugin CLI', function () {
  this.timeout(30000);

  it('--help lists every declared option with its help text', () => {
    const r = ifplugin(['--help'], tempDir());
    assert.equal(r.status, 0, r.stderr);
    const help = r.stdout.replace(/\s+/g, ' ');
    for (const input of APP_INPUTS) {
      // A yes/no input is a flag with its --no- form; any other takes a value.
      assert.ok(help.includes(input.kind === 'confirm' ? `--${input.option}, --no-${input.option} ` : `--${input.option} <`), input.option);
      assert.ok(help.includes(input.description.replace(/\s+/g, ' ')), input.description);
    }
    for (const flag of ['-y, --yes', '--interactive', '--force', '--dry-run']) assert.ok(help.includes(flag), flag);
  });

  it('scaffolds with --yes and no terminal, ending with the next commands', () => {
    const dir = tempDir();
    const r = ifplugin(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'vsphere4,vsphere5'], dir);
    assert.equal(r.status, 0, r.stderr);
    const out = r.stdout + r.stderr;
    assert.match(out, /Created the cloud plugin Example in Example \(17 files/);
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
  it('takes answers piped to --interactive, every one of them, and writes no terminal codes', () => {
    const dir = tempDir();
    // name, type (a number picks a choice), targets, description, maintainer name/e-mail/URL, version, license,
    // class name, --rpm: each on its own line.
    const answers = ['Piped', '2', 'Fedora,RHEL-7:7.9', 'From a pipe', 'Ada', 'ada@example.org', '', '3.0', 'MIT', '', 'y', ''];
    const r = spawnSync(process.execPath, [BIN, '--interactive'], { cwd: dir, input: answers.join('\n'), encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr + r.stdout);
    // eslint-disable-next-line no-control-regex
    assert.doesNotMatch(r.stdout, /\x1b/);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'Piped/src/Piped/Piped.info'), 'utf8')), {
      type: 'os',
      targets: [['Fedora', null, null], ['RHEL-7', '7.9', null]],
      description: 'From a pipe',
      maintainer: { name: 'Ada', email: 'ada@example.org' },
      version: '3.0',
      license: 'MIT',
    });
    assert.ok(existsSync(join(dir, 'Piped/python3-imagefactory-plugin-piped.spec')));
  });

  it('ends quietly, with its own exit status, when its reader goes away (ifplugin validate ... | head -1)', () => {
    // Many lines written one by one: the reader is gone long before the last (without care, EPIPE every time).
    const corpus = join(import.meta.dirname, 'fixtures', 'info-corpus');
    for (let i = 0; i < 5; i++) {
      const r = spawnSync('bash', ['-c', `set -o pipefail; "${process.execPath}" "${BIN}" validate --no-python "${corpus}" | head -1 >/dev/null`], { encoding: 'utf8' });
      assert.equal(r.status, 1, r.stderr);
      assert.doesNotMatch(r.stderr, /EPIPE|^\s+at /m);
    }
  });

  it('writes all its output, in order, to a non-blocking pipe that fills up', () => {
    // Its output goes to the descriptor directly (lib/cli/output.ts); a full non-blocking pipe (EAGAIN) hands the
    // rest to the stream, which waits for the reader. The pipe here holds 4 KiB and is read only after a while.
    const corpus = join(import.meta.dirname, 'fixtures', 'info-corpus');
    const expected = spawnSync(process.execPath, [BIN, 'validate', '--no-python', corpus], { encoding: 'utf8' });
    const python = [
      'import fcntl, os, subprocess, sys, time',
      'r, w = os.pipe()',
      'fcntl.fcntl(w, 1031, 4096)  # F_SETPIPE_SZ',
      'os.set_blocking(w, False)',
      'p = subprocess.Popen(sys.argv[1:], stdout=w, stderr=subprocess.DEVNULL)',
      'os.close(w)',
      'time.sleep(0.5)',
      'data = b""',
      'while True:',
      '    chunk = os.read(r, 65536)',
      '    if not chunk:',
      '        break',
      '    data += chunk',
      'sys.stdout.buffer.write(data)',
      'sys.exit(p.wait())',
    ].join('\n');
    const r = spawnSync('python3', ['-c', python, process.execPath, BIN, 'validate', '--no-python', corpus], { encoding: 'utf8', maxBuffer: 1 << 24 });
    assert.equal(r.status, 1, r.stderr);
    assert.ok(expected.stdout.length > 16384, 'enough output to fill the pipe');
    assert.equal(r.stdout, expected.stdout);
  });

  it('refuses a near miss of a command instead of making a plugin of that name', () => {
    const dir = tempDir();
    const r = ifplugin(['delegat', '--yes'], dir);
    assert.equal(r.status, 2);
    assert.match(r.stderr, /^ifplugin: unknown command 'delegat': did you mean delegate\?/);
    assert.deepEqual(readdirSync(dir), []);
    assert.equal(ifplugin(['app', 'delegat', '--yes'], dir).status, 0);
    assert.ok(existsSync(join(dir, 'delegat/.yo-rc.json')));
  });

  it('prints its version', () => {
    const r = ifplugin(['--version'], tempDir());
    assert.equal(r.status, 0);
    assert.equal(r.stdout, `${JSON.parse(readFileSync(join(import.meta.dirname, '..', 'package.json'), 'utf8')).version}\n`);
  });

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
