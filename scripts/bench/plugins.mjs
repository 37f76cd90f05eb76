// Plugin folders for the validate rows: copies of one generated plugin package under different names.
import { cpSync, mkdirSync, renameSync } from 'node:fs';
import { join } from 'node:path';

/**
 * count copies of pluginDir (src/<name> of a generated project) in dest, named <name>0001, <name>0002, ..., each
 * with its .info renamed to match its folder, as the loader requires.
 */
export function copyPlugins(pluginDir, name, count, dest) {
  mkdirSync(dest, { recursive: true });
  for (let i = 1; i <= count; i++) {
    const copy = `${name}${String(i).padStart(4, '0')}`;
    cpSync(pluginDir, join(dest, copy), { recursive: true });
    renameSync(join(dest, copy, `${name}.info`), join(dest, copy, `${copy}.info`));
  }
  return dest;
}

/**
 * Why a `validate --json` report of count plugin folders does not show the Python rules at work, or undefined when
 * it does: no errors, an interpreter, every folder found, and every delegate class inspected.
 */
export function pythonSideProblem(report, count) {
  if (report.errors !== 0) return `${report.errors} errors: ${JSON.stringify(report.findings.find((f) => f.severity === 'error'))}`;
  if (!report.python) return `the Python rules did not run: ${JSON.stringify(report.notices)}`;
  const plugins = report.plugins ?? [];
  if (plugins.length !== count) return `${plugins.length} plugin folders found, ${count} expected`;
  const unchecked = plugins.filter((p) => !(p.delegates ?? []).some((d) => d.checked));
  if (unchecked.length > 0) return `no delegate class was inspected in ${unchecked[0].dir} (and ${unchecked.length - 1} more)`;
  return undefined;
}
