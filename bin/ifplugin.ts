#!/usr/bin/env node
// `ifplugin [app|delegate|validate|templates] [options]`: the generators' work without Yeoman (lib/cli/main.ts),
// so a run loads only what it needs. `yo ifplugin` runs the same work through Yeoman.
import { main } from '../lib/cli/main.js';

const io = {
  cwd: process.cwd(),
  out: (text: string) => void process.stdout.write(text),
  err: (text: string) => void process.stderr.write(text),
  tty: Boolean(process.stdin.isTTY && process.stdout.isTTY),
};

process.exitCode = await main(process.argv.slice(2), io);
