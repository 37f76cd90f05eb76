// Reading a generated folder as { relative path: content } for whole-tree comparisons.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';

export function readTree(root: string): Record<string, string> {
  const out: Record<string, string> = {};
  const walk = (dir: string): void => {
    for (const e of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, e.name);
      if (e.isDirectory()) {
        if (e.name !== '__pycache__') walk(full);
      } else out[relative(root, full).split(sep).join('/')] = readFileSync(full, 'utf8');
    }
  };
  walk(root);
  return out;
}
