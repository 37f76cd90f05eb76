// The maintainer defaults come from `git config`, read by one git process, and by none when both maintainer
// options are given or recorded; without git, or without an identity, they are empty.
import assert from 'node:assert/strict';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ifplugin, tempDir } from './support/cli.js';

const CLOUD = ['--yes', '--type', 'cloud', '--targets', 'vsphere4'];

/** A folder with a HOME whose .gitconfig has `config`, and a git on PATH that logs each call before running the real one. */
function machine(config: string): { cwd: string; env: NodeJS.ProcessEnv; calls: () => string[] } {
  const root = tempDir('ifplugin-git-');
  const home = join(root, 'home');
  const bin = join(root, 'bin');
  const cwd = join(root, 'work');
  for (const d of [home, bin, cwd]) mkdirSync(d);
  writeFileSync(join(home, '.gitconfig'), config);
  const log = join(root, 'calls');
  writeFileSync(join(bin, 'git'), `#!/bin/sh\necho "$*" >> '${log}'\nPATH='${process.env.PATH}' exec git "$@"\n`);
  chmodSync(join(bin, 'git'), 0o755);
  return {
    cwd,
    env: { HOME: home, XDG_CONFIG_HOME: join(home, '.config'), GIT_CONFIG_NOSYSTEM: '1', PATH: `${bin}:${process.env.PATH}` },
    calls: () => (existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : []),
  };
}

const recorded = (cwd: string, name: string) => JSON.parse(readFileSync(join(cwd, name, '.yo-rc.json'), 'utf8'))['generator-ifplugin'];

describe('maintainer defaults from git config', function () {
  this.timeout(60000);

  it('are read by one git process', () => {
    const m = machine('[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n');
    const r = ifplugin([...CLOUD, '--name', 'Example'], m.cwd, m.env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(m.calls().length, 1, m.calls().join('\n'));
    assert.equal(recorded(m.cwd, 'Example').maintainerName, 'Ada Lovelace');
    assert.equal(recorded(m.cwd, 'Example').maintainerEmail, 'ada@example.org');
  });

  it('start no git process when both maintainer options are given, nor in a project that recorded them', () => {
    const m = machine('[user]\n\tname = Ada Lovelace\n\temail = ada@example.org\n');
    let r = ifplugin([...CLOUD, '--name', 'Example', '--maintainer-name', 'Grace', '--maintainer-email', 'grace@example.org'], m.cwd, m.env);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(m.calls(), []);
    assert.equal(recorded(m.cwd, 'Example').maintainerName, 'Grace');
    r = ifplugin(['--yes', '--plugin-version', '2.0'], join(m.cwd, 'Example'), m.env);
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(m.calls(), []);
  });

  it('are empty without an identity, and without git', () => {
    const m = machine('');
    let r = ifplugin([...CLOUD, '--name', 'NoIdentity'], m.cwd, m.env);
    assert.equal(r.status, 0, r.stderr);
    assert.equal(recorded(m.cwd, 'NoIdentity').maintainerName, '');
    r = ifplugin([...CLOUD, '--name', 'NoGit'], m.cwd, { ...m.env, PATH: join(m.cwd, 'nothing-here') });
    assert.equal(r.status, 0, r.stderr);
    assert.equal(recorded(m.cwd, 'NoGit').maintainerEmail, '');
  });
});
