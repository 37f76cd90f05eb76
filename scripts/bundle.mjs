#!/usr/bin/env node
// Part of the build, after tsc: bundles the bin (dist/bin/ifplugin.js, as tsc wrote it) with esbuild into itself
// and a few chunks in dist/bin/chunks/, one per command the bin loads lazily plus the code they share, so that a
// run loads a handful of files instead of some forty modules (measured: ~15 ms of a ~140 ms `ifplugin --yes`).
// The Yeoman generators keep tsc's modules in dist/lib/. Without this step the bin still works, unbundled.
import { build } from 'esbuild';
import { rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
rmSync(`${root}dist/bin/chunks`, { recursive: true, force: true });
await build({
  absWorkingDir: root,
  entryPoints: { ifplugin: 'dist/bin/ifplugin.js' },
  outdir: 'dist/bin',
  chunkNames: 'chunks/[name]-[hash]',
  // The bundle replaces tsc's output of the same file.
  allowOverwrite: true,
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'node',
  target: 'node20',
  // Files found at run time, beside the package (ajv's precompiled validator, templates, python/) are not bundled.
  logLevel: 'warning',
  legalComments: 'inline',
});
