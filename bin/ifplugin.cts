#!/usr/bin/env node
// The package's bin (dist/bin/ifplugin.cjs): runs the bundle of bin/ifplugin.ts (dist/bin/ifplugin-bundle.cjs, made
// by scripts/bundle.mjs) with the V8 code cache the build made for this Node version, when there is one. Compiling
// the bundle's functions is then skipped (measured: ~7 ms of a ~95 ms `ifplugin --yes`); Node 20 has no compile
// cache of its own. Another Node version, or a cache V8 rejects, compiles as usual. Without a bundle (tsc alone),
// the unbundled bin runs.
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const bundle = join(__dirname, 'ifplugin-bundle.cjs');
const cache = join(__dirname, `ifplugin-bundle.${process.version}-${process.arch}.cache`);

if (!existsSync(bundle)) {
  void import('./ifplugin.js');
} else {
  const { Script } = process.getBuiltinModule('node:vm');
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(cache);
  } catch {
    // None for this Node: compiled as usual.
  }
  // As Node's own loader wraps a CommonJS module; the #! line is emptied, so that lines keep their numbers.
  const source = readFileSync(bundle, 'utf8').replace(/^#!.*/, '');
  const script = new Script(`(function (exports, require, module, __filename, __dirname) {${source}\n})`, { filename: bundle, cachedData });
  // The build runs one scaffold with this set, and keeps the code V8 compiled for it (scripts/bundle.mjs).
  if (process.env.IFPLUGIN_WRITE_CODE_CACHE === cache) process.once('exit', () => writeFileSync(cache, script.createCachedData()));
  script.runInThisContext()(exports, require, module, bundle, __dirname);
}
