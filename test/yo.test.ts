// `yo ifplugin` through the real yo 7 gives the same files as `ifplugin`. yo is not a dependency: it is installed
// once from the npm registry into node_modules/.cache. As root, yo switches to uid 1000 (root-check) and then
// cannot write; a preloaded module turns setuid/setgid into no-ops for this test.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ifplugin, tempDir } from './support/cli.js';
import { readTree } from './support/tree.js';

const ROOT = join(import.meta.dirname, '..');
const YO_DIR = join(ROOT, 'node_modules', '.cache', 'ifplugin-yo7');
const YO = join(YO_DIR, 'node_modules', '.bin', 'yo');

describe('yo ifplugin (yo 7)', function () {
  this.timeout(180000);

  before(function () {
    if (!existsSync(YO)) {
      mkdirSync(YO_DIR, { recursive: true });
      const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--prefix', YO_DIR, 'yo@7.0.1'], { encoding: 'utf8' });
      if (r.status !== 0) {
        // Only a missing registry may skip this test; say so.
        console.warn(`    skipped: npm could not install yo 7: ${r.stderr.trim().split('\n').pop()}`);
        this.skip();
      }
    }
  });

  it('writes the same files as the ifplugin bin', () => {
    const args = ['--yes', '--name', 'Example', '--type', 'os', '--targets', 'Fedora,RHEL-7:7.9:x86_64', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org'];
    const work = tempDir();
    mkdirSync(join(work, 'node_modules'));
    symlinkSync(ROOT, join(work, 'node_modules', 'generator-ifplugin'));
    mkdirSync(join(work, 'home'));
    writeFileSync(join(work, 'noroot.mjs'), 'process.setuid = () => {};\nprocess.setgid = () => {};\n');
    const yo = spawnSync(YO, ['ifplugin', ...args], {
      cwd: work,
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'pipe'],
      env: { ...process.env, HOME: join(work, 'home'), NO_UPDATE_NOTIFIER: '1', NODE_OPTIONS: `--import=${join(work, 'noroot.mjs')}` },
    });
    assert.equal(yo.status, 0, yo.stderr + yo.stdout);
    const bin = tempDir();
    assert.equal(ifplugin(args, bin).status, 0);
    assert.deepEqual(readTree(join(work, 'Example')), readTree(join(bin, 'Example')));
  });
});
