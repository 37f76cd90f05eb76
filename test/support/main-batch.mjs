// Runs many `ifplugin` invocations in one process, through the built bin's main() (dist/lib/cli/main.js), each
// with its own working folder and captured output, never a terminal; stdin is whatever the parent gave (closed).
// Usage: node main-batch.mjs CASES.json RESULTS.json, with CASES a list of { args, cwd }.
// One process instead of hundreds keeps the bad-input suite fast; test/hardening-input.test.ts also runs a
// sample of the cases through the real bin and checks that the results are the same.
import { readFileSync, writeFileSync } from 'node:fs';

const { main } = await import(new URL('../../dist/lib/cli/main.js', import.meta.url).href);
const cases = JSON.parse(readFileSync(process.argv[2], 'utf8'));
const results = [];
for (const { args, cwd } of cases) {
  let stdout = '';
  let stderr = '';
  const io = { cwd, out: (t) => void (stdout += t), err: (t) => void (stderr += t), tty: false };
  const started = Date.now();
  let status;
  try {
    status = await main(args, io);
  } catch (e) {
    status = null;
    stderr += `main() threw: ${e && e.stack}`;
  }
  results.push({ args, status, signal: null, stdout, stderr, ms: Date.now() - started, timedOut: false });
}
writeFileSync(process.argv[3], JSON.stringify(results));
