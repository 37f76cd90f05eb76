#!/usr/bin/env node
// Part of the build, after tsc: bundles the bin (dist/bin/ifplugin.js, as tsc wrote it, with everything it may
// load) with esbuild into one CommonJS file, dist/bin/ifplugin.cjs, the package's bin. One file instead of some
// forty modules, and no ES module loader to start: measured, ~15 ms and ~9 ms of a ~140 ms `ifplugin --yes`.
// A command's code is only evaluated when it runs (esbuild keeps the lazy import() of lib/commands/specs.ts lazy).
// The Yeoman generators keep tsc's modules in dist/lib/, and dist/bin/ifplugin.js works too, unbundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// What earlier versions of this step wrote.
rmSync(`${root}dist/bin/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: ['dist/bin/ifplugin.js'],
  outfile: 'dist/bin/ifplugin.cjs',
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
