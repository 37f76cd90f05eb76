#!/usr/bin/env node
// `ifplugin [app|delegate|validate|templates] [options]`: the commands without Yeoman (lib/cli/main.ts), so a run
// loads only what it needs. `yo ifplugin` runs the same commands through Yeoman.
import { isatty } from 'node:tty';
import { main } from '../lib/cli/main.js';
import { fdWriter } from '../lib/cli/output.js';

// No top-level await: the build bundles this file as CommonJS (scripts/bundle.mjs), which has none. The standard
// streams are not touched unless a question needs them (lib/cli/output.ts says why).
const tty = isatty(0) && isatty(1);
void main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: fdWriter(1),
  err: fdWriter(2),
  tty,
  columns: isatty(1) ? process.stdout.columns : undefined,
}).then((status) => {
  process.exitCode = status;
});
