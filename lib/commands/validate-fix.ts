// `ifplugin validate --fix` and `--diff`: the fixes of the findings (lib/validate/fix.ts), checked with Python,
// then shown as a unified diff, or written by the write path all or nothing (lib/write/apply.ts: the lock, the
// journal, the rollback on a failure or a signal), as the scaffolding commands write.
import { realpathSync } from 'node:fs';
import { basename, dirname, join, relative, sep } from 'node:path';
import { InputError } from '../errors.js';
import type { Host } from '../host.js';
import { displayPath, visible } from '../text.js';
import { checkFixed, planFixes, type FileFix } from '../validate/fix.js';
import type { ValidateResult } from '../validate/validate.js';
import { applyPlan } from '../write/apply.js';
import { unifiedDiff } from '../write/diff.js';

const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;

/**
 * Fixes what can be fixed among the result's findings (`fix`), or prints the diff of it (`diff`); resolves to
 * whether anything was (or would be) changed. A fix that would leave a file Python cannot compile or load is an
 * InputError, and nothing is written.
 */
export async function fixFindings(result: ValidateResult, mode: 'fix' | 'diff', host: Host, python?: string): Promise<boolean> {
  const show = (path: string) => visible(displayPath(host.cwd, path));
  const plan = planFixes(result.findings);
  for (const { finding, why } of plan.skipped) {
    host.err(`notice: not fixed: ${show(finding.file)}${finding.line ? `:${finding.line}` : ''} (${finding.rule}): the fix ${why}\n`);
  }
  if (!plan.files.length) {
    host.err(`nothing to fix${mode === 'diff' ? '' : '; checking as usual'}\n`);
    return false;
  }
  const problems = checkFixed(result.python?.executable ?? python ?? 'python3', plan.files, show);
  if (problems.length) {
    throw new InputError(`${problems[0]}${problems.length > 1 ? ` (and ${problems.length - 1} more)` : ''}; nothing was ${mode === 'fix' ? 'written' : 'shown'}`);
  }
  // A finding that folds others (a .info's hundredth-and-more bare strings) counts for all of them.
  const fixedCount = plan.fixed.reduce((n, f) => n + (f.folded ?? 1), 0);
  const count = `${plural(fixedCount, 'finding')} in ${plural(plan.files.length, 'file')}`;
  if (mode === 'diff') {
    for (const f of plan.files) host.out(patch(f, show(f.file)));
    host.err(`--fix would fix ${count}; nothing was written\n`);
    return true;
  }
  // The files themselves, not the links to them (plugins.d holds links to .info files).
  const files = plan.files.map((f) => ({ ...f, file: f.before === undefined ? join(realpathSync(dirname(f.file)), basename(f.file)) : realpathSync(f.file) }));
  const root = commonFolder(files.map((f) => dirname(f.file)));
  await applyPlan(
    { root, files: files.map((f) => ({ path: relative(root, f.file).split(sep).join('/'), content: f.after, role: 'edit' })), warnings: [] },
    // What the write path lists goes with the other remarks: stdout is the findings' (or the report's).
    { ...host, out: host.err },
    { force: false, dryRun: false },
  );
  host.err(`fixed ${count}; checking again\n`);
  return true;
}

/** A `diff -u` of one file, with the a/ and b/ names `git apply` and `patch -p1` take. */
function patch(f: FileFix, path: string): string {
  const name = (side: string) => (path.startsWith('/') ? path : `${side}/${path}`);
  // unifiedDiff's own header names the sides for the conflict question: replaced by the patch's.
  const [, , ...hunks] = unifiedDiff(path, f.before ?? '', f.after).split('\n');
  const body = hunks.join('\n');
  return `--- ${f.before === undefined ? '/dev/null' : name('a')}\n+++ ${name('b')}\n${f.before === undefined ? body.replace(/^@@ -1,0 /, '@@ -0,0 ') : body}`;
}

/** The deepest folder that holds all of `dirs`. */
function commonFolder(dirs: string[]): string {
  const parts = dirs.map((d) => d.split(sep));
  const common: string[] = [];
  for (let i = 0; parts.every((p) => i < p.length && p[i] === parts[0][i]); i++) common.push(parts[0][i]);
  return common.join(sep) || sep;
}
