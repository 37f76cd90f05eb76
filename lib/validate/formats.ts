// validate's output formats: text (one line per finding, lib/validate/report.ts), json (one report), sarif (for
// code scanning, lib/validate/sarif.ts) and github (workflow commands that annotate a pull request).
import { existsSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';
import { displayPath } from '../text.js';
import { INFO_EXTENSION, type Finding } from './info-file.js';
import type { ValidateResult } from './validate.js';

export const FORMATS = ['text', 'json', 'sarif', 'github'] as const;
export type Format = (typeof FORMATS)[number];

/**
 * Where a finding is shown: its file and position, or, for a finding about a folder (a plugin folder without
 * __init__.py, say), the folder's `<Name>.info` or `__init__.py`: annotations and code scanning alerts sit on
 * files. `line` is undefined for a finding about a whole file.
 */
export function anchor(f: Finding): { file: string; line?: number; col?: number; folder?: true } {
  if (f.line) return { file: f.file, line: f.line, ...(f.col ? { col: f.col } : {}) };
  let folder = false;
  try {
    folder = statSync(f.file).isDirectory();
  } catch {
    // gone, or never there: shown as it is named
  }
  if (!folder) return { file: f.file };
  const inside = [join(f.file, `${basename(f.file)}${INFO_EXTENSION}`), join(f.file, '__init__.py')].find((p) => existsSync(p));
  return inside ? { file: inside } : { file: f.file, folder: true };
}

/** GitHub's escaping of a workflow command's message (the toolkit's escapeData). */
export function escapeData(text: string): string {
  return text.replace(/%/g, '%25').replace(/\r/g, '%0D').replace(/\n/g, '%0A');
}

/** GitHub's escaping of a workflow command's property value (the toolkit's escapeProperty). */
export function escapeProperty(text: string): string {
  return escapeData(text).replace(/:/g, '%3A').replace(/,/g, '%2C');
}

/**
 * One workflow command per finding, `::error file=F,line=L,col=C,title=RULE::message` (or ::warning), paths
 * relative to the working folder (the repository's root in a workflow); notices as ::notice.
 */
export function githubAnnotations(r: ValidateResult, cwd: string): string[] {
  const lines = r.notices.map((n) => `::notice title=ifplugin validate::${escapeData(n)}`);
  for (const f of r.findings) {
    const at = anchor(f);
    const props = [['file', displayPath(cwd, at.file)], ['line', at.line], ['col', at.col], ['title', f.rule]]
      .filter(([, v]) => v !== undefined)
      .map(([k, v]) => `${k}=${escapeProperty(String(v))}`);
    lines.push(`::${f.severity} ${props.join(',')}::${escapeData(f.message)}`);
  }
  return lines;
}
