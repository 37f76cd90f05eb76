// Running python/inspect_plugin.py, the AST analysis of a plugin folder's Python code, and reading its report.
// Without a usable python3 the Python rules are skipped (the caller says so), never approximated.
import { spawn, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import type { Edit, Finding } from './info-file.js';
import { INTERFACES, type PluginType } from '../imagefactory/interfaces.js';
import { PYTHON_DIR } from '../paths.js';
import { ruleById, type RuleId } from '../imagefactory/rules.js';

export const INSPECT_SCRIPT = join(PYTHON_DIR, 'inspect_plugin.py');
const MIN_VERSION = [3, 6];

export interface Python {
  /** What was asked for: `python3` or the --python value. */
  command: string;
  /** The interpreter itself (sys.executable): skips wrappers such as pyenv shims on every later run. */
  executable: string;
  version: string;
}

/** A usable interpreter, or the reason there is none. */
export function findPython(command: string): Python | { problem: string } {
  const probe = spawnSync(command, ['-c', 'import sys; print(sys.executable); print("%d.%d.%d" % sys.version_info[:3])'], {
    encoding: 'utf8',
    timeout: 30000,
  });
  if (probe.error) {
    const code = (probe.error as NodeJS.ErrnoException).code;
    return { problem: code === 'ENOENT' ? `${command} was not found` : `${command} could not be run (${code ?? probe.error.message})` };
  }
  const [executable, version] = probe.stdout.trim().split('\n');
  if (probe.status !== 0 || !version) return { problem: `${command} is not a working Python: ${probe.stderr.trim().split('\n').pop() || `it printed no version (exit status ${probe.status})`}` };
  const [major, minor] = version.split('.').map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    return { problem: `${command} is Python ${version}; the Python rules need ${MIN_VERSION.join('.')} or later` };
  }
  return { command, executable: executable || command, version };
}

interface ScriptFinding {
  file: string;
  line: number | null;
  col: number | null;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  fix?: unknown;
}

export interface InspectReport {
  findings: Finding[];
  /** The script's description of each delegate class, passed through for --json. */
  delegates: unknown[];
}

/**
 * Runs the script on one folder; a crash or an unreadable report becomes a python-failed finding. `targets`: the
 * .info's targets when known (they decide whether a stock cloud plugin reaches a method).
 */
export function inspectFolder(python: Python, dir: string, type: PluginType | null, targets: unknown[] | null = null): Promise<InspectReport> {
  const failed = (why: string): InspectReport => ({
    findings: [{
      file: dir, rule: 'python-failed', severity: 'error',
      message: `the Python rules could not be checked: ${INSPECT_SCRIPT} ${why}`,
    }],
    delegates: [],
  });
  return new Promise((resolve) => {
    const child = spawn(python.executable, [INSPECT_SCRIPT], { stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (b: Buffer) => out.push(b));
    child.stderr.on('data', (b: Buffer) => err.push(b));
    child.on('error', (e) => resolve(failed(`could not be started (${e.message})`)));
    child.on('close', (code) => {
      const stderr = Buffer.concat(err).toString('utf8').trim();
      if (code !== 0) return resolve(failed(`exited with ${code}: ${stderr.split('\n').pop() ?? ''}`));
      let report: { findings?: ScriptFinding[]; delegates?: unknown[] };
      try {
        report = JSON.parse(Buffer.concat(out).toString('utf8'));
      } catch {
        return resolve(failed('wrote no JSON report'));
      }
      if (!Array.isArray(report.findings)) return resolve(failed('wrote a report without findings'));
      resolve({ findings: report.findings.map(toFinding), delegates: report.delegates ?? [] });
    });
    child.stdin.on('error', () => undefined); // the script may exit before reading everything
    child.stdin.end(JSON.stringify({ dir, type, interfaces: INTERFACES, targets }));
  });
}

function toFinding(f: ScriptFinding): Finding {
  return {
    file: f.file,
    ...(f.line ? { line: f.line } : {}),
    ...(f.line && f.col ? { col: f.col } : {}),
    // An id the rule table does not know still reaches the user; a test keeps the two lists in step.
    rule: (ruleById(f.rule)?.id ?? f.rule) as RuleId,
    severity: f.severity,
    // The script writes sentences; our one-line format adds "(rule)" after the message.
    message: f.message.replace(/\.$/, ''),
    // The script's edits for --fix; lib/validate/fix.ts checks them before any is used.
    ...(Array.isArray(f.fix) ? { fix: f.fix as Edit[] } : {}),
  };
}
