// `yo ifplugin` through the real yo 7 gives the same files as `ifplugin`.
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { ifplugin, tempDir } from './support/cli.js';
import { readTree } from './support/tree.js';
import { ensureYo, runYo, yoWorkspace } from './support/yo.js';

describe('yo ifplugin (yo 7)', function () {
  this.timeout(180000);
  let yo: string;

  before(function () {
    const found = ensureYo();
    if (!found.yo) {
      // Only a missing registry may skip this test; say so.
      console.warn(`    skipped: ${found.reason}`);
      this.skip();
    }
    yo = found.yo!;
  });

  it('writes the same files as the ifplugin bin', () => {
    const args = ['--yes', '--name', 'Example', '--type', 'os', '--targets', 'Fedora,RHEL-7:7.9:x86_64', '--maintainer-name', 'Ada', '--maintainer-email', 'ada@example.org'];
    const { work, env } = yoWorkspace();
    const r = runYo(yo, ['ifplugin', ...args], work, env);
    assert.equal(r.status, 0, r.stderr + r.stdout);
    const bin = tempDir();
    assert.equal(ifplugin(args, bin).status, 0);
    assert.deepEqual(readTree(join(work, 'Example')), readTree(join(bin, 'Example')));
  });
});
