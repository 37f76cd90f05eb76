#!/usr/bin/env node
// Part of the build, after tsc: bundles the bin (dist/bin/ifplugin.js, as tsc wrote it, with everything it may
// load) with esbuild into one CommonJS file, dist/bin/ifplugin-bundle.cjs, which the package's bin
// (dist/bin/ifplugin.cjs, from bin/ifplugin.cts) runs. One file instead of some forty modules, and no ES module loader
// to start: measured, ~15 ms and ~9 ms of a ~140 ms `ifplugin --yes`. A command's code is only evaluated when it
// runs (esbuild keeps the lazy import() of lib/commands/specs.ts lazy). Then one scaffold in a temporary folder
// leaves V8's code cache for this Node version beside the bundle. The Yeoman generators keep tsc's modules in
// dist/lib/, and dist/bin/ifplugin.js works too, unbundled.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bin = join(root, 'dist', 'bin');
// What earlier builds wrote: chunks of older versions of this step, caches of other bundles or Node versions.
rmSync(join(bin, 'chunks'), { recursive: true, force: true });
for (const f of readdirSync(bin)) if (f.endsWith('.cache')) rmSync(join(bin, f));

await build({
  absWorkingDir: root,
  entryPoints: ['dist/bin/ifplugin.js'],
  outfile: 'dist/bin/ifplugin-bundle.cjs',
  bundle: true,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  // CommonJS has no import.meta: the modules that find the package's files from their own URL get the bundle's,
  // which is in the same package (lib/paths.ts looks upwards for package.json).
  define: { 'import.meta.url': '__bundleUrl' },
  // "use strict" first, as the ES modules were: esbuild's own would come after this line and do nothing.
  banner: { js: '"use strict";\nconst __bundleUrl = require("node:url").pathToFileURL(__filename).href;' },
  logLevel: 'warning',
  legalComments: 'inline',
});

// The code cache: the functions V8 compiled while scaffolding a plugin (the maintainer given: no git needed).
const cache = join(bin, `ifplugin-bundle.${process.version}-${process.arch}.cache`);
const work = mkdtempSync(join(tmpdir(), 'ifplugin-build-'));
try {
  const r = spawnSync(process.execPath, [join(bin, 'ifplugin.cjs'), '--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'example',
    '--maintainer-name', 'Example', '--maintainer-email', 'example@example.org'], {
    cwd: work,
    env: { ...process.env, IFPLUGIN_WRITE_CODE_CACHE: cache, IFPLUGIN_TEMPLATES: '' },
    encoding: 'utf8',
  });
  // Without it the bin still works, only slower to start.
  if (r.status !== 0) process.stderr.write(`bundle: no code cache (the scaffold failed: ${r.error?.message ?? r.stderr.trim().split('\n').pop()})\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
