#!/usr/bin/env node
// `ifplugin [app|delegate|validate|templates] [options]`: the commands without Yeoman (lib/cli/main.ts), so a run
// loads only what it needs. `yo ifplugin` runs the same commands through Yeoman.
import { main } from '../lib/cli/main.js';

// A reader that goes away (`ifplugin --help | head -1`) ends the run quietly, with the status it had so far.
for (const stream of [process.stdout, process.stderr]) {
  stream.on('error', (e: NodeJS.ErrnoException) => {
    if (e.code !== 'EPIPE') throw e;
    process.exit(process.exitCode ?? 0);
  });
}

// No top-level await: the build bundles this file as CommonJS (scripts/bundle.mjs), which has none.
void main(process.argv.slice(2), {
  cwd: process.cwd(),
  out: (text) => void process.stdout.write(text),
  err: (text) => void process.stderr.write(text),
  tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
  columns: process.stdout.columns,
}).then((status) => {
  process.exitCode = status;
});
