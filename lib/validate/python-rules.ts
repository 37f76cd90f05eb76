// Running python/inspect_plugin.py, the AST analysis of a plugin folder's Python code, and reading its reports.
// One Python process serves every folder of a run (a second one on a machine with the cores for it): its first
// line tells which interpreter it is, so finding the interpreter costs nothing extra, and each folder costs its
// analysis, not an interpreter start. Each folder has a deadline; a process that misses it is killed and a new
// one takes the rest. Without a usable python3 the Python rules are skipped (the caller says so), never
// approximated.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import type { Edit, Finding } from './info-file.js';
import { INTERFACES, type PluginType } from '../imagefactory/interfaces.js';
import { PYTHON_DIR } from '../paths.js';
import { ruleById, type RuleId } from '../imagefactory/rules.js';

export const INSPECT_SCRIPT = join(PYTHON_DIR, 'inspect_plugin.py');
const MIN_VERSION = [3, 6];
/** How long a Python process may take to start or to analyse one folder (about 1 ms is usual). */
export const PYTHON_TIMEOUT_MS = 60_000;
/** A report line longer than this is not a report: the process is stopped. */
const REPORT_LIMIT = 256 * 1024 * 1024;

export interface Python {
  /** What was asked for: `python3` or the --python value. */
  command: string;
  /** The interpreter itself (sys.executable): later processes of the run start it without wrappers such as pyenv shims. */
  executable: string;
  version: string;
}

export interface InspectRequest {
  dir: string;
  type: PluginType | null;
  /** The .info's targets when known: they decide whether a stock cloud plugin reaches a method. */
  targets: unknown[] | null;
}

export interface InspectReport {
  findings: Finding[];
  /** The script's description of each delegate class, passed through for --json. */
  delegates: unknown[];
}

/** A finding as python/inspect_plugin.py writes it (positions null for the folder as a whole). */
export interface ScriptFinding {
  file: string;
  line: number | null;
  col: number | null;
  rule: string;
  severity: 'error' | 'warning';
  message: string;
  fix?: unknown;
}

const seconds = (ms: number) => `${ms / 1000} s`;

function parse(line: string): Record<string, unknown> {
  try {
    const value = JSON.parse(line) as unknown;
    if (typeof value === 'object' && value !== null && !Array.isArray(value)) return value as Record<string, unknown>;
  } catch {
    // reported below
  }
  throw new Error('wrote a line that is not a JSON report');
}

/** One `inspect_plugin.py --batch` process: a line out per request in, in order. */
class Inspector {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffered: Buffer[] = [];
  private bufferedLength = 0;
  private stderr = '';
  private waiting: ((line: string | Error) => void) | undefined;
  private ended: Error | undefined;
  /** The process's first line: which Python it is. Every request waits for it. */
  readonly ready: Promise<{ executable: string; version: string }>;

  constructor(executable: string, private readonly timeoutMs: number) {
    this.child = spawn(executable, [INSPECT_SCRIPT, '--batch'], { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (b: Buffer) => this.data(b));
    this.child.stderr.setEncoding('utf8').on('data', (s: string) => {
      if (this.stderr.length < 64 * 1024) this.stderr += s;
    });
    this.child.on('error', (e: NodeJS.ErrnoException) => this.end(new Error(e.code === 'ENOENT' ? 'was not found' : `could not be started (${e.code ?? e.message})`)));
    this.child.on('close', (code, signal) => {
      const last = this.stderr.trim().split('\n').pop();
      this.end(new Error(`exited${signal ? ` on ${signal}` : ` with status ${code}`}${last ? `: ${last}` : ''}`));
    });
    this.child.stdin.on('error', () => undefined); // a process that exits early: reported by 'close'
    this.ready = this.hello();
    this.ready.catch(() => undefined); // awaited by whoever uses the process
  }

  private async hello(): Promise<{ executable: string; version: string }> {
    const hello = parse(await this.line(`did not start within ${seconds(this.timeoutMs)}`)) as { python?: unknown; version?: unknown };
    if (typeof hello.python !== 'string' || typeof hello.version !== 'string') throw new Error('did not say which Python it is');
    return { executable: hello.python, version: hello.version };
  }

  async inspect(request: InspectRequest): Promise<{ findings?: ScriptFinding[]; delegates?: unknown[]; error?: string }> {
    await this.ready;
    this.child.stdin.write(`${JSON.stringify({ ...request, interfaces: INTERFACES })}\n`);
    return parse(await this.line(`did not finish within ${seconds(this.timeoutMs)}`)) as { findings?: ScriptFinding[]; delegates?: unknown[]; error?: string };
  }

  close(): void {
    this.child.stdin.end();
  }

  kill(): void {
    this.child.kill('SIGKILL');
  }

  private line(late: string): Promise<string> {
    const ready = this.take();
    if (ready !== undefined) return Promise.resolve(ready);
    if (this.ended) return Promise.reject(this.ended);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.kill();
        this.end(new Error(late));
      }, this.timeoutMs);
      this.waiting = (line) => {
        clearTimeout(timer);
        this.waiting = undefined;
        if (line instanceof Error) reject(line);
        else resolve(line);
      };
    });
  }

  private data(chunk: Buffer): void {
    this.buffered.push(chunk);
    this.bufferedLength += chunk.length;
    if (this.bufferedLength > REPORT_LIMIT) {
      this.kill();
      this.end(new Error(`wrote a report larger than ${REPORT_LIMIT / 1024 / 1024} MiB`));
      return;
    }
    if (this.waiting && chunk.includes(10)) this.waiting(this.take()!);
  }

  /** The next whole line, if one has arrived. */
  private take(): string | undefined {
    const all = Buffer.concat(this.buffered);
    const end = all.indexOf(10);
    if (end < 0) return undefined;
    const rest = all.subarray(end + 1);
    this.buffered = rest.length ? [rest] : [];
    this.bufferedLength = rest.length;
    return all.subarray(0, end).toString('utf8');
  }

  private end(why: Error): void {
    this.ended ??= why;
    this.waiting?.(this.ended);
  }
}

/**
 * Starts `command` as the run's first Python process: a usable interpreter with its process, or the reason
 * there is none.
 */
export async function startPython(command: string, timeoutMs = PYTHON_TIMEOUT_MS): Promise<{ python: Python; first: Inspector } | { problem: string }> {
  const first = new Inspector(command, timeoutMs);
  let hello;
  try {
    hello = await first.ready;
  } catch (e) {
    first.kill();
    const why = (e as Error).message;
    if (why === 'was not found') return { problem: `${command} was not found` };
    if (/SyntaxError/.test(why)) return { problem: `${command} cannot run ${INSPECT_SCRIPT} (${why.replace(/^exited with status \d+: /, '')}): it is older than Python ${MIN_VERSION.join('.')}` };
    return { problem: `${command} is not a working Python: it ${why}` };
  }
  const [major, minor] = hello.version.split('.').map(Number);
  if (major < MIN_VERSION[0] || (major === MIN_VERSION[0] && minor < MIN_VERSION[1])) {
    first.kill();
    return { problem: `${command} is Python ${hello.version}; the Python rules need ${MIN_VERSION.join('.')} or later` };
  }
  return { python: { command, executable: hello.executable || command, version: hello.version }, first };
}

/**
 * Analyses every folder with `workers` processes (the first is `first`), each taking the next folder when it
 * is done with one; reports come back in the order of `requests`. A folder the script cannot analyse (a crash,
 * the deadline, memory) gets a python-failed finding, and the other folders go on.
 */
export async function inspectFolders(
  python: Python,
  first: Inspector,
  requests: InspectRequest[],
  { workers = 1, timeoutMs = PYTHON_TIMEOUT_MS }: { workers?: number; timeoutMs?: number } = {},
): Promise<InspectReport[]> {
  const reports: InspectReport[] = new Array(requests.length);
  let next = 0;
  const work = async (start: Inspector | undefined): Promise<void> => {
    let child = start;
    try {
      while (next < requests.length) {
        const i = next++;
        const request = requests[i];
        child ??= new Inspector(python.executable, timeoutMs);
        try {
          reports[i] = toReport(request.dir, await child.inspect(request));
        } catch (e) {
          reports[i] = failed(request.dir, (e as Error).message);
          child.kill();
          child = undefined; // the next folder gets a new process
        }
      }
    } finally {
      child?.close();
    }
  };
  const count = Math.max(1, Math.min(workers, requests.length));
  await Promise.all(Array.from({ length: count }, (_v, k) => work(k === 0 ? first : undefined)));
  if (!requests.length) first.close();
  return reports;
}

function failed(dir: string, why: string): InspectReport {
  return {
    findings: [{ file: dir, rule: 'python-failed', severity: 'error', message: `the Python rules could not be checked: ${INSPECT_SCRIPT} ${why}` }],
    delegates: [],
  };
}

function toReport(dir: string, report: { findings?: ScriptFinding[]; delegates?: unknown[]; error?: string }): InspectReport {
  if (typeof report.error === 'string') return failed(dir, report.error);
  if (!Array.isArray(report.findings)) return failed(dir, 'wrote a report without findings');
  return { findings: report.findings.map(toFinding), delegates: report.delegates ?? [] };
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

export type { Inspector };
