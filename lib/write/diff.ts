// A unified diff of two versions of a file, for the conflict question's "show the differences". The line matching
// is node-diff3's; this only lays its result out the way `diff -u` does.
import { diffComm } from 'node-diff3';

const CONTEXT = 3;

type Line = { mark: ' ' | '-' | '+'; text: string };

/** `diff -u`-style text of `before` -> `after`, with `---`/`+++` headers naming `label`; '' when they are equal. */
export function unifiedDiff(label: string, before: string, after: string): string {
  if (before === after) return '';
  const lines: Line[] = [];
  for (const part of diffComm(splitLines(before), splitLines(after))) {
    // Loops, not push(...): a file's lines may be more than a call takes arguments.
    if (part.common) for (const text of part.common) lines.push({ mark: ' ', text });
    else {
      for (const text of part.buffer1) lines.push({ mark: '-', text });
      for (const text of part.buffer2) lines.push({ mark: '+', text });
    }
  }
  const out = [`--- ${label} (yours)`, `+++ ${label} (ifplugin's)`];
  // Hunks: runs of changed lines with up to CONTEXT unchanged lines around them, merged when they touch.
  const changed = lines.map((l, i) => (l.mark === ' ' ? -1 : i)).filter((i) => i >= 0);
  let i = 0;
  while (i < changed.length) {
    const start = Math.max(0, changed[i] - CONTEXT);
    let end = changed[i];
    while (i < changed.length && changed[i] - end <= 2 * CONTEXT) end = changed[i++];
    const stop = Math.min(lines.length, end + CONTEXT + 1);
    const hunk = lines.slice(start, stop);
    const oldStart = lines.slice(0, start).filter((l) => l.mark !== '+').length + 1;
    const newStart = lines.slice(0, start).filter((l) => l.mark !== '-').length + 1;
    const oldCount = hunk.filter((l) => l.mark !== '+').length;
    const newCount = hunk.filter((l) => l.mark !== '-').length;
    out.push(`@@ -${oldStart},${oldCount} +${newStart},${newCount} @@`, ...hunk.map((l) => `${l.mark}${l.text}`));
  }
  return `${out.join('\n')}\n`;
}

/** Lines without their ends; a missing final newline is shown as diff does. */
export function splitLines(text: string): string[] {
  if (text === '') return [];
  const lines = text.split('\n');
  if (lines[lines.length - 1] === '') lines.pop();
  else lines[lines.length - 1] += '\n\\ No newline at end of file';
  return lines;
}
