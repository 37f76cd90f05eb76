// `ifplugin validate --fix` and `--diff`: the edits the findings carry (python/inspect_plugin.py's for the Python
// rules; the .info's bare-string targets, found here), merged file by file, applied to the bytes, and checked
// with Python (py_compile for .py, json.load for .info) before anything is written. Writing is the write path's
// (lib/write), through the validate command; nothing here touches the disk but to read.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { FileProblem, MiB, readBytes } from '../files.js';
import { PYTHON_DIR } from '../paths.js';
import { INFO_EXTENSION, INFO_LIMIT, type Edit, type Finding } from './info-file.js';
import { JsonSyntaxError, parseJsonWithPositions } from './json-position.js';

export const CHECK_SCRIPT = join(PYTHON_DIR, 'check_fixed.py');
/** The write path's limit on a file it replaces. */
const FILE_LIMIT = 4 * MiB;

/** One file as --fix would leave it. */
export interface FileFix {
  file: string;
  /** The file as it is; undefined when --fix creates it. */
  before?: string;
  after: string;
}

export interface FixPlan {
  files: FileFix[];
  /** The findings whose fix is in `files`. */
  fixed: Finding[];
  /** Findings with a fix that cannot be made, and why (one line each). */
  skipped: { finding: Finding; why: string }[];
}

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });

/**
 * Gives each `info-target-bare-string` finding its fix: the string wrapped in a list (`"vsphere4"` ->
 * `["vsphere4"]`, an OS name -> `["Fedora", null, null]`), the string's own bytes kept. Only when the .info's
 * type says which shape is meant, and the file reads as the findings were made from it.
 */
export function addInfoFixes(findings: Finding[]): void {
  const byFile = new Map<string, Finding[]>();
  for (const f of findings) {
    if (f.rule === 'info-target-bare-string' && !f.fix) {
      const list = byFile.get(f.file);
      if (list) list.push(f);
      else byFile.set(f.file, [f]);
    }
  }
  for (const [file, bare] of byFile) {
    const edits = bareStringEdits(file);
    // The findings and the bare strings are both in the file's order; anything else is not the file they came from.
    // A finding that folds the rest (lib/imagefactory/info.ts) carries the edits of all it stands for.
    if (edits?.length !== bare.reduce((n, f) => n + (f.folded ?? 1), 0)) continue;
    let next = 0;
    for (const f of bare.sort((a, b) => (a.line ?? 0) - (b.line ?? 0) || (a.col ?? 0) - (b.col ?? 0))) {
      f.fix = edits.slice(next, next + (f.folded ?? 1)).flat();
      next += f.folded ?? 1;
    }
  }
}

function bareStringEdits(file: string): Edit[][] | undefined {
  let text: string;
  try {
    const bytes = readBytes(file, INFO_LIMIT);
    if (!bytes) return undefined;
    text = utf8.decode(bytes);
  } catch (e) {
    if (e instanceof FileProblem || e instanceof TypeError) return undefined;
    throw e;
  }
  let parsed;
  try {
    // The raw text, \r\n and all: JSON takes \r as white space, and the offsets are then the file's.
    parsed = parseJsonWithPositions(text);
  } catch (e) {
    if (e instanceof JsonSyntaxError) return undefined;
    throw e;
  }
  const info = parsed.value as { type?: unknown; targets?: unknown };
  const type = typeof info?.type === 'string' ? info.type.toLowerCase() : undefined;
  if ((type !== 'os' && type !== 'cloud') || !Array.isArray(info.targets)) return undefined;
  // Byte offsets counted on from the last one asked for (they come in order): linear for any number of targets.
  let lastIndex = 0;
  let lastByte = 0;
  const byteAt = (index: number) => {
    lastByte += index >= lastIndex ? Buffer.byteLength(text.slice(lastIndex, index)) : -Buffer.byteLength(text.slice(index, lastIndex));
    lastIndex = index;
    return lastByte;
  };
  const edits: Edit[][] = [];
  info.targets.forEach((target, i) => {
    if (typeof target !== 'string') return;
    const start = parsed.starts.offset(`/targets/${i}`);
    const end = stringEnd(text, start);
    edits.push([
      { file, start: byteAt(start), end: byteAt(start), text: '[' },
      { file, start: byteAt(end), end: byteAt(end), text: type === 'os' ? ', null, null]' : ']' },
    ]);
  });
  return edits;
}

/** The index just past the JSON string literal that starts (with its quote) at `start`. */
function stringEnd(text: string, start: number): number {
  let i = start + 1;
  while (text[i] !== '"') i += text[i] === '\\' ? 2 : 1;
  return i + 1;
}

/** A well-formed edit of a file that has `length` bytes, never splitting a UTF-8 character. */
function editProblem(e: Edit, bytes: Buffer | undefined): string | undefined {
  const whole = (n: unknown) => Number.isInteger(n) && (n as number) >= 0;
  if (typeof e.text !== 'string' || !whole(e.start) || !whole(e.end) || e.start > e.end) return 'is not a valid edit';
  if (e.create) return bytes ? 'would create a file that exists now' : undefined;
  if (!bytes) return 'edits a file that is not there now';
  const inside = (n: number) => n === bytes.length || (n < bytes.length && (bytes[n] & 0xc0) !== 0x80);
  return e.end <= bytes.length && inside(e.start) && inside(e.end) ? undefined : 'does not fit the file as it is now';
}

/** Two edits that cannot both be made: overlapping, or the same place changed two ways. */
function clash(a: Edit, b: Edit): boolean {
  if (a.start === b.start && a.end === b.end && a.text === b.text) return false; // the same edit (a shared import)
  if (a.start === a.end && b.start === b.end) return false; // two insertions at one place: both, in order
  const within = (point: number, e: Edit) => e.start < point && point < e.end;
  return (a.start < b.end && b.start < a.end) || (a.start === a.end && within(a.start, b)) || (b.start === b.end && within(b.start, a));
}

/**
 * The accepted edits of one file, in the file's order (insertions at one place in the order they came): a new
 * edit is checked against its neighbours only, so a fix of a hundred thousand targets stays linear-ish.
 */
class FileEdits {
  readonly list: Edit[] = [];

  /** Where `e` goes: after every edit that starts before it, or at its place and ends no later. */
  private place(e: Edit): number {
    let lo = 0;
    let hi = this.list.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const o = this.list[mid];
      if (o.start < e.start || (o.start === e.start && o.end <= e.end)) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  }

  /** The accepted edits that can touch [e.start, e.end]: those do not overlap each other, so neighbours suffice. */
  private near(e: Edit): Edit[] {
    let i = this.place(e);
    while (i > 0 && this.list[i - 1].end >= e.start) i--;
    const found: Edit[] = [];
    for (; i < this.list.length && this.list[i].start <= e.end; i++) found.push(this.list[i]);
    return found;
  }

  clashes(e: Edit): boolean {
    return this.near(e).some((o) => clash(e, o));
  }

  add(e: Edit): void {
    if (this.near(e).some((o) => o.start === e.start && o.end === e.end && o.text === e.text)) return; // a shared edit
    const i = this.place(e);
    if (i === this.list.length) this.list.push(e);
    else this.list.splice(i, 0, e);
  }
}

/**
 * The files as the fixes of `findings` leave them. A finding's edits are made all together or not at all; one
 * that clashes with an earlier finding's, or does not fit the file as it is now, is skipped (it stays a finding,
 * and a second run fixes it). Files that are not UTF-8, or too large to rewrite, are left alone.
 */
export function planFixes(findings: Finding[]): FixPlan {
  const contents = new Map<string, Buffer | undefined | FileProblem>();
  const read = (file: string) => {
    if (!contents.has(file)) {
      try {
        const bytes = readBytes(file, FILE_LIMIT);
        if (bytes) utf8.decode(bytes);
        contents.set(file, bytes);
      } catch (e) {
        if (e instanceof FileProblem) contents.set(file, e);
        else if (e instanceof TypeError) contents.set(file, new FileProblem('is not UTF-8 text'));
        else throw e;
      }
    }
    return contents.get(file);
  };
  const accepted = new Map<string, FileEdits>();
  const fixed: Finding[] = [];
  const skipped: FixPlan['skipped'] = [];
  for (const finding of findings) {
    if (!finding.fix?.length) continue;
    let why: string | undefined;
    for (const e of finding.fix) {
      const bytes = read(e.file);
      why = bytes instanceof FileProblem ? `${e.file} ${bytes.reason}` : editProblem(e, bytes);
      why ??= accepted.get(e.file)?.clashes(e) ? 'changes what another fix changes' : undefined;
      if (why) break;
    }
    if (why) {
      skipped.push({ finding, why });
      continue;
    }
    for (const e of finding.fix) {
      let edits = accepted.get(e.file);
      if (!edits) accepted.set(e.file, (edits = new FileEdits()));
      edits.add(e);
    }
    fixed.push(finding);
  }
  const files = [...accepted].map(([file, edits]): FileFix => {
    const bytes = read(file) as Buffer | undefined;
    // One pass in the file's order: the bytes between edits, then each edit's text.
    const parts: Buffer[] = [];
    let at = 0;
    for (const e of edits.list) {
      if (bytes) parts.push(bytes.subarray(at, e.start));
      parts.push(Buffer.from(e.text));
      at = e.end;
    }
    if (bytes) parts.push(bytes.subarray(at));
    const after = Buffer.concat(parts);
    return { file, ...(bytes ? { before: bytes.toString('utf8') } : {}), after: after.toString('utf8') };
  });
  return { files: files.sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0)), fixed, skipped };
}

/**
 * Why the fixed files must not be written, one line each: a .py that does not compile as `python3 -m py_compile`
 * compiles it, a .info that ImageFactory's json.load does not read. Checked by `python` (python/check_fixed.py).
 */
export function checkFixed(python: string, files: FileFix[], show: (path: string) => string): string[] {
  const checked = files.filter((f) => f.file.endsWith('.py') || f.file.endsWith(INFO_EXTENSION));
  if (!checked.length) return [];
  const request = { files: checked.map((f) => ({ path: f.file, kind: f.file.endsWith('.py') ? 'py' : 'info', text: f.after })) };
  const run = spawnSync(python, [CHECK_SCRIPT], { input: JSON.stringify(request), encoding: 'utf8', timeout: 60000, maxBuffer: 16 * MiB });
  let report: { problems?: { path: string; problem: string }[] } = {};
  try {
    report = JSON.parse(run.stdout) as typeof report;
  } catch {
    // reported below
  }
  if (run.error || run.status !== 0 || !Array.isArray(report.problems)) {
    const why = run.error ? (run.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'was not found' : run.error.message
      : `failed (${run.stderr.trim().split('\n').pop() || `exit status ${run.status}`})`;
    return [`the fixed files could not be checked: ${python} ${why}`];
  }
  return report.problems.map((p) => `${show(p.path)} would be broken by the fixes: ${p.problem}`);
}
