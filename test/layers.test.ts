// The layout shows the layers, and this keeps it so: a module imports only from its own layer or the ones below.
// The commands never import a front end (the bin's lib/cli, the Yeoman glue), and only the Yeoman glue imports
// Yeoman.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const ROOT = join(import.meta.dirname, '..');

/** Lowest first. A path is in the first layer one of whose prefixes it starts with. */
const LAYERS: [string, string[]][] = [
  ['base', ['lib/text.ts', 'lib/errors.ts', 'lib/paths.ts', 'lib/host.ts', 'lib/files.ts']],
  ['the ImageFactory contract', ['lib/imagefactory/', 'lib/python/']],
  ['inputs', ['lib/inputs/']],
  ['rendering and validation', ['lib/render/', 'lib/validate/']],
  ['the write path', ['lib/write/']],
  ['commands', ['lib/commands/']],
  ['front ends', ['lib/cli/', 'lib/yeoman/', 'generators/', 'bin/']],
];

function layerOf(path: string): number {
  const i = LAYERS.findIndex(([, prefixes]) => prefixes.some((p) => path === p || path.startsWith(p)));
  assert.ok(i >= 0, `${path} is in no layer: add it to LAYERS`);
  return i;
}

function sources(dir: string): string[] {
  return readdirSync(join(ROOT, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(ROOT, join(e.parentPath, e.name)).split(sep).join('/'));
}

function imports(file: string): string[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  return [...text.matchAll(/(?:\bfrom\s+|\bimport\s*\(\s*|^import\s+)['"]([^'"]+)['"]/gm)].map((m) => m[1]);
}

describe('layers', () => {
  const files = ['lib', 'generators', 'bin'].flatMap(sources);

  it('every module imports only from its own layer or lower ones', () => {
    const upward: string[] = [];
    for (const file of files) {
      for (const spec of imports(file).filter((s) => s.startsWith('.'))) {
        const target = relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/').replace(/\.js$/, '.ts');
        if (layerOf(target) > layerOf(file)) upward.push(`${file} (${LAYERS[layerOf(file)][0]}) imports ${target} (${LAYERS[layerOf(target)][0]})`);
      }
    }
    assert.deepEqual(upward, []);
  });

  it('the commands import neither front end, and only the Yeoman glue imports Yeoman', () => {
    const wrong: string[] = [];
    for (const file of files) {
      for (const spec of imports(file)) {
        if (/^yeoman-|^@yeoman\//.test(spec) && !file.startsWith('lib/yeoman/')) wrong.push(`${file} imports ${spec}`);
        const target = spec.startsWith('.') ? relative(ROOT, resolve(ROOT, dirname(file), spec)).split(sep).join('/') : '';
        if (target.startsWith('lib/cli/') && !file.startsWith('lib/cli/') && file !== 'bin/ifplugin.ts') wrong.push(`${file} imports ${target}`);
        if (target.startsWith('lib/yeoman/') && !file.startsWith('lib/yeoman/') && !file.startsWith('generators/')) wrong.push(`${file} imports ${target}`);
      }
    }
    assert.deepEqual(wrong, []);
  });

  it('finds the imports it checks (a check that sees nothing cannot fail)', () => {
    assert.ok(files.length > 30, String(files.length));
    assert.ok(imports('lib/commands/app.ts').includes('../write/apply.js'));
    assert.equal(layerOf('lib/cli/main.ts'), LAYERS.length - 1);
  });
});
