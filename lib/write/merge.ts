// The three-way merge of a re-run: what the earlier answers produced (base), the file as it is now (yours), and
// what the new answers produce (ifplugin's). The line matching and the merge are node-diff3's (diff3, as
// git and copier use it); this only reads its regions.
import { diff3Merge } from 'node-diff3';

export interface MergeConflict {
  /** Your lines in conflict, 1-based and inclusive, in the file as it is now (an empty range: first > last). */
  first: number;
  last: number;
  yours: string[];
  ifplugin: string[];
}

export type MergeResult = { clean: true; text: string } | { clean: false; conflicts: MergeConflict[]; marked: string };

export function merge3(base: string, yours: string, ifplugin: string): MergeResult {
  const regions = diff3Merge(yours.split('\n'), base.split('\n'), ifplugin.split('\n'));
  const lines: string[] = [];
  const conflicts: MergeConflict[] = [];
  for (const region of regions) {
    if (region.ok) {
      for (const line of region.ok) lines.push(line); // not push(...): more lines than a call takes arguments
      continue;
    }
    const { a, aIndex, b } = region.conflict!;
    conflicts.push({ first: aIndex + 1, last: aIndex + a.length, yours: a, ifplugin: b });
    // git's markers, so that editors and merge tools recognise them.
    lines.push('<<<<<<< yours');
    for (const line of a) lines.push(line);
    lines.push('=======');
    for (const line of b) lines.push(line);
    lines.push('>>>>>>> ifplugin');
  }
  return conflicts.length ? { clean: false, conflicts, marked: lines.join('\n') } : { clean: true, text: lines.join('\n') };
}

/** "lines 12-14", "line 12", or "after line 11" for an empty range. */
export function lineRange(c: MergeConflict): string {
  if (c.last < c.first) return `after line ${c.first - 1}`;
  return c.first === c.last ? `line ${c.first}` : `lines ${c.first}-${c.last}`;
}
