#!/usr/bin/env node
// `ifplugin [app|delegate|validate|templates] [options]`: the commands without Yeoman (lib/cli/main.ts), so a run
// loads only what it needs. `yo ifplugin` runs the same commands through Yeoman.
import { fstatSync } from 'node:fs';
import { main } from '../lib/cli/main.js';
import { fdWriter } from '../lib/cli/output.js';

// Looked up only by a run that may ask, or prints help, and node:tty only for a character device (a terminal is
// one; a pipe or a file is not): it loads node:net (~1.4 ms).
function terminal(fd: number): boolean {
  try {
    if (!fstatSync(fd).isCharacterDevice()) return false;
  } catch {
    return false;
  }
  return process.getBuiltinModule('node:tty').isatty(fd);
}

// No top-level await: the build bundles this file as CommonJS (scripts/bundle.mjs), which has none. The standard
// streams are not touched unless a question needs them (lib/cli/output.ts says why).
void main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: fdWriter(1),
  err: fdWriter(2),
  get tty() {
    return terminal(0) && terminal(1);
  },
  get columns() {
    return terminal(1) ? process.stdout.columns : undefined;
  },
}).then((status) => {
  process.exitCode = status;
});
