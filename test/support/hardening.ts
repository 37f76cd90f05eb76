// Shared by test/hardening-*.test.ts: the bin run asynchronously (many at a time, stdin closed or left open,
// never a terminal, with a time limit), whole-tree snapshots (content, type, mode, mtime) to prove that a run
// changed nothing, and a generated project to copy for each case.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, lstatSync, mkdirSync, readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import assert from 'node:assert/strict';
import { BIN, tempDir } from './cli.js';

export interface RunResult {
  args: string[];
  status: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** Wall-clock milliseconds until the process ended (or was killed). */
  ms: number;
  timedOut: boolean;
}

export interface RunOptions {
  env?: NodeJS.ProcessEnv;
  /** 'closed': stdin is /dev/null (the default); 'open': a pipe nobody writes to or closes. */
  stdin?: 'closed' | 'open';
  /** Killed after this many milliseconds. */
  timeout?: number;
  /** Called with the child once it runs (to write to its stdin or signal it). */
  onSpawn?: (child: ReturnType<typeof spawn>) => void;
}

/** Runs `ifplugin ARGS` in `cwd` without a terminal. */
export function runBin(args: string[], cwd: string, opts: RunOptions = {}): Promise<RunResult> {
  const started = Date.now();
  return new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd,
      stdio: [opts.stdin === 'open' ? 'pipe' : 'ignore', 'pipe', 'pipe'],
      env: { ...process.env, NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0', IFPLUGIN_TEMPLATES: '', IFPLUGIN_DEBUG: '', ...opts.env },
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    child.stdout!.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr!.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.stdin?.on('error', () => undefined);
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeout ?? 30000);
    child.on('error', reject);
    child.on('close', (status, signal) => {
      clearTimeout(timer);
      resolvePromise({ args, status, signal, stdout, stderr, ms: Date.now() - started, timedOut });
    });
    opts.onSpawn?.(child);
  });
}

/** Runs `jobs` with at most `limit` at a time; results in the order of `jobs`. */
export async function pool<T>(jobs: (() => Promise<T>)[], limit = 4): Promise<T[]> {
  const results: T[] = new Array(jobs.length);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, jobs.length) }, worker));
  return results;
}

export interface Entry {
  type: 'file' | 'dir' | 'link' | 'other';
  mode: number;
  /** Nanoseconds, as text. */
  mtime: string;
  size: number;
  /** sha256 of a file's bytes, or a link's target. */
  content?: string;
}

/** Every entry under `root` (root itself as '.'), without following links. */
export function snapshot(root: string): Map<string, Entry> {
  const out = new Map<string, Entry>();
  const visit = (full: string): void => {
    const s = lstatSync(full, { bigint: true });
    const rel = relative(root, full).split(sep).join('/') || '.';
    const type = s.isFile() ? 'file' : s.isDirectory() ? 'dir' : s.isSymbolicLink() ? 'link' : 'other';
    const entry: Entry = { type, mode: Number(s.mode), mtime: String(s.mtimeNs), size: Number(s.size) };
    if (type === 'file') entry.content = createHash('sha256').update(readFileSync(full)).digest('hex');
    if (type === 'link') entry.content = readlinkSync(full);
    out.set(rel, entry);
    if (type === 'dir') for (const name of readdirSync(full).sort()) visit(join(full, name));
  };
  visit(root);
  return out;
}

/**
 * The differences between two snapshots, one line each; [] when the trees are the same. A folder's mtime may
 * differ by up to 2 microseconds: a run that fails puts it back with utimes, which node passes on as a double
 * number of seconds and the kernel takes in microseconds.
 */
export function treeChanges(before: Map<string, Entry>, after: Map<string, Entry>): string[] {
  const changes: string[] = [];
  for (const [path, a] of before) {
    const b = after.get(path);
    if (!b) {
      changes.push(`removed ${path}`);
      continue;
    }
    for (const key of ['type', 'mode', 'size', 'content'] as const) {
      if (a[key] !== b[key]) changes.push(`${path}: ${key} ${a[key]} -> ${b[key]}`);
    }
    const drift = BigInt(a.mtime) - BigInt(b.mtime);
    const allowed = a.type === 'dir' ? 2000n : 0n;
    if (drift > allowed || drift < -allowed) changes.push(`${path}: mtime ${a.mtime} -> ${b.mtime}`);
  }
  for (const path of after.keys()) if (!before.has(path)) changes.push(`added ${path}`);
  return changes;
}

export function assertUnchanged(before: Map<string, Entry>, root: string, what: string): void {
  const changes = treeChanges(before, snapshot(root));
  assert.deepEqual(changes, [], `${what} changed the folder:\n  ${changes.join('\n  ')}`);
}

/** Leftovers of the write path (lib/write/fs.ts): temporary files, backups, the lock and the journal (and older versions' names). */
export function leftovers(root: string): string[] {
  return [...snapshot(root).keys()].filter((p) => /\.ifplugin-([0-9a-f]{12}|\d+)\.(tmp|orig)$|(^|\/)\.ifplugin(\.lock|-journal\.json)$/.test(p));
}

const SOURCES = new Map<string, string>();

/**
 * A project made by `ifplugin ARGS` once per test run; each call returns a fresh copy (in a new temporary
 * folder) so that a case can never see another case's leftovers. The project is `<copy>/<name>`.
 */
export function projectCopy(args: string[], name: string): { dir: string; project: string } {
  const key = JSON.stringify(args);
  let source = SOURCES.get(key);
  if (!source) {
    source = tempDir('ifplugin-hardening-src-');
    const r = spawnSync(process.execPath, [BIN, ...args], { cwd: source, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
    assert.equal(r.status, 0, r.stderr);
    SOURCES.set(key, source);
  }
  const dir = tempDir('ifplugin-hardening-');
  cpSync(join(source, name), join(dir, name), { recursive: true, preserveTimestamps: true });
  return { dir, project: join(dir, name) };
}

/** A copy of a folder (e.g. a test fixture) in a new temporary folder. */
export function folderCopy(from: string, name: string): { dir: string; folder: string } {
  const dir = tempDir('ifplugin-hardening-');
  const folder = join(dir, name);
  mkdirSync(folder);
  cpSync(from, folder, { recursive: true, preserveTimestamps: true });
  return { dir, folder };
}

/** The standard one-line error: `ifplugin[ COMMAND]: message`, nothing else on stderr, no stack trace. */
export function oneLineError(r: RunResult, command: string): string {
  const prefix = `ifplugin${command ? ` ${command}` : ''}: `;
  const lines = r.stderr.split('\n');
  assert.equal(lines.length, 2, `expected one line on stderr, got:\n${r.stderr}`);
  assert.equal(lines[1], '', 'stderr must end with a newline');
  assert.ok(lines[0].startsWith(prefix), `stderr does not start with "${prefix}": ${lines[0]}`);
  assert.doesNotMatch(r.stderr, /^\s+at |\bError:|node:internal/m, 'a stack trace or raw error on stderr');
  return lines[0].slice(prefix.length);
}
