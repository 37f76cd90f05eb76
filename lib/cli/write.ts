// Writing a plan (path -> content) into a folder: conflicts detected first, --dry-run writes nothing, and a
// failure while writing removes what this run wrote, so the folder is as it was.
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

export type Status = 'create' | 'update' | 'identical' | 'conflict';

export interface FileChange {
  path: string;
  status: Status;
}

/** What writing `files` under `root` would do. Paths in `owned` (our own state) never count as conflicts. */
export function diffPlan(root: string, files: Map<string, string>, owned: ReadonlySet<string> = new Set()): FileChange[] {
  return [...files].map(([path, text]) => {
    const full = join(root, path);
    if (!existsSync(full)) return { path, status: 'create' };
    if (readFileSync(full, 'utf8') === text) return { path, status: 'identical' };
    return { path, status: owned.has(path) ? 'update' : 'conflict' };
  });
}

/**
 * Writes every created or changed file. Each file goes to a temporary name first and is renamed into place
 * only when all were written; on any failure, temporaries and new folders are removed.
 */
export function applyPlan(root: string, files: Map<string, string>, changes: FileChange[]): void {
  const toWrite = changes.filter((c) => c.status !== 'identical');
  const madeDirs: string[] = [];
  const temps: [string, string][] = [];
  try {
    for (const { path } of toWrite) {
      const full = join(root, path);
      const dir = dirname(full);
      if (!existsSync(dir)) {
        const first = mkdirSync(dir, { recursive: true });
        if (first) madeDirs.push(first);
      }
      const temp = `${full}.ifplugin-${process.pid}.tmp`;
      writeFileSync(temp, files.get(path)!);
      temps.push([temp, full]);
    }
  } catch (e) {
    for (const [temp] of temps) rmSync(temp, { force: true });
    for (const dir of madeDirs.reverse()) rmSync(dir, { recursive: true, force: true });
    throw e;
  }
  for (const [temp, full] of temps) renameSync(temp, full);
}
