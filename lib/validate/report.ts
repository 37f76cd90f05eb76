// How validate's results are written: one line per finding, a summary, or one JSON report.
import { displayPath, visible } from '../text.js';
import type { Finding, ValidateResult } from './validate.js';

/** `file[:line[:col]]: error|warning: message (rule)`, always one line, every character visible. */
export function formatFinding(f: Finding, cwd: string): string {
  const where = `${displayPath(cwd, f.file)}${f.line ? `:${f.line}${f.col ? `:${f.col}` : ''}` : ''}`;
  return visible(`${where}: ${f.severity}: ${f.message.replace(/\s*[\r\n]+\s*/g, ' ')} (${f.rule})`);
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

/** The closing line: counts of findings, of what was checked, and with which Python. */
export function summaryLine(r: ValidateResult): string {
  const checked = `${plural(r.plugins.length, 'plugin folder')}, ${plural(r.infoFiles.length, 'other .info file')}`;
  const python = r.python ? `; Python rules by ${r.python.command} ${r.python.version}` : r.plugins.length ? '; Python rules skipped' : '';
  return `${plural(r.errors, 'error')}, ${plural(r.warnings, 'warning')} (${checked}${python})`;
}

/** The --json report: counts, findings with display paths and null positions, what was checked and with what. */
export function jsonReport(r: ValidateResult, cwd: string): object {
  const show = (path: string) => displayPath(cwd, path);
  return {
    ok: r.errors === 0,
    errors: r.errors,
    warnings: r.warnings,
    findings: r.findings.map((f) => ({
      file: show(f.file), line: f.line ?? null, col: f.col ?? null, rule: f.rule, severity: f.severity, message: f.message,
      fixable: Boolean(f.fix?.length),
    })),
    notices: r.notices,
    python: r.python ? { command: r.python.command, executable: r.python.executable, version: r.python.version } : null,
    plugins: r.plugins.map((p) => ({
      dir: show(p.dir),
      type: p.type,
      infoFiles: p.infoFiles.map(show),
      ...(p.delegates ? { delegates: p.delegates } : {}),
    })),
    infoFiles: r.infoFiles.map(show),
  };
}
