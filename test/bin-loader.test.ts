// The package's bin (bin/ifplugin.cts) runs the bundle with the code cache the build made for this Node; a cache V8
// rejects costs only time, and without a bundle the unbundled bin runs.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, readdirSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { tempDir } from './support/cli.js';

const ROOT = join(import.meta.dirname, '..');
const CACHE = `ifplugin-bundle.${process.version}-${process.arch}.cache`;

/** A copy of the built package, to break. */
function packageCopy(): string {
  const dir = tempDir('ifplugin-loader-');
  for (const f of ['package.json', 'dist', 'templates', 'schemas', 'python']) cpSync(join(ROOT, f), join(dir, f), { recursive: true });
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  return dir;
}

function scaffold(pkg: string): { status: number | null; stderr: string; info: string } {
  const cwd = tempDir();
  const r = spawnSync(process.execPath, [join(pkg, 'dist', 'bin', 'ifplugin.cjs'), '--yes', '--name', 'Loaded', '--type', 'cloud', '--targets', 'x',
    '--maintainer-name', 'A', '--maintainer-email', 'a@example.org'], { cwd, encoding: 'utf8' });
  return { status: r.status, stderr: r.stderr, info: r.status === 0 ? readFileSync(join(cwd, 'Loaded', 'src', 'Loaded', 'Loaded.info'), 'utf8') : '' };
}

describe('the bin', function () {
  this.timeout(60000);

  it('has a code cache for this Node that V8 accepts, and nothing else of the kind', () => {
    const bin = join(ROOT, 'dist', 'bin');
    assert.deepEqual(readdirSync(bin).filter((f) => f.endsWith('.cache')), [CACHE]);
    const bundle = join(bin, 'ifplugin-bundle.cjs');
    const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
    // The same wrapper and file name as bin/ifplugin.cts: V8 checks the source it is given against the cache.
    const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData: readFileSync(join(bin, CACHE)) });
    assert.equal(script.cachedDataRejected, false);
  });

  it('works the same with a cache V8 rejects, and without a bundle', () => {
    const expected = scaffold(ROOT);
    assert.equal(expected.status, 0, expected.stderr);
    const pkg = packageCopy();
    writeFileSync(join(pkg, 'dist', 'bin', CACHE), 'not a code cache');
    assert.deepEqual(scaffold(pkg), expected);
    rmSync(join(pkg, 'dist', 'bin', 'ifplugin-bundle.cjs'));
    assert.deepEqual(scaffold(pkg), expected);
  });
});
