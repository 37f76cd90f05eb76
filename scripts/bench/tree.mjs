// Folder trees as maps of relative path -> bytes, and their comparison.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative } from 'node:path';

/** Every file under dir (dotfiles included), keyed by its path relative to dir with "/" separators. */
export function readTree(dir) {
  const files = new Map();
  for (const e of readdirSync(dir, { recursive: true, withFileTypes: true })) {
    if (!e.isFile()) continue;
    const full = join(e.parentPath ?? e.path, e.name);
    files.set(relative(dir, full).split('\\').join('/'), readFileSync(full));
  }
  return new Map([...files].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
}

/** The differences between two trees, one line each (empty when they are byte-identical). */
export function diffTrees(expected, actual) {
  const out = [];
  for (const [path, bytes] of expected) {
    if (!actual.has(path)) out.push(`missing: ${path}`);
    else if (!bytes.equals(actual.get(path))) out.push(`differs: ${path} (${bytes.length} bytes expected, ${actual.get(path).length} written)`);
  }
  for (const path of actual.keys()) if (!expected.has(path)) out.push(`extra: ${path}`);
  return out;
}
