// Running generated plugins' Python in the environments a plugin meets: no ImageFactory at all, zope.interface
// only, an ImageFactory-like host whose regular imagefactory_plugins package shadows the source tree, and the real
// ImageFactory 1.1.16 (its Builder included) from the source tree that IMGFAC_SRC names.
import { spawn, spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

export const HOST_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'imagefactory-host');
const DEBIAN_PYTHON = '/usr/bin/python3';

/**
 * The real ImageFactory: IMGFAC_SRC, or ../shared/imagefactory/upstream-1.1.16 beside the checkout (where CI has
 * it). Never copied into the project: tests point Python at it.
 */
export const IMGFAC_SRC = resolve(
  process.env.IMGFAC_SRC || join(import.meta.dirname, '..', '..', '..', 'shared', 'imagefactory', 'upstream-1.1.16'),
);
/** Set by .ci/run: the tests that need the real ImageFactory fail instead of skipping without it. */
export const REQUIRE_IMGFAC = process.env.IFPLUGIN_REQUIRE_IMGFAC === '1';

export interface PythonEnv {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

function works(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(command, args, { env, encoding: 'utf8' }).status === 0;
}

/** The variables of a generated plugin's Builder test: left out unless an environment sets them. */
const BUILDER_VARIABLES = /^(IMGFAC_SRC|BUILDER_TEST_\w+)$/;

const clean = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  for (const key of Object.keys(env)) if (BUILDER_VARIABLES.test(key)) delete env[key];
  Object.assign(env, extra);
  if (!extra.PYTHONPATH) delete env.PYTHONPATH;
  return env;
};

let imagefactory: { env?: PythonEnv; problem?: string } | undefined;

/**
 * Debian's python3 with the real ImageFactory 1.1.16 from IMGFAC_SRC (a workstation with a source checkout), or
 * why there is none here. What Builder imports: zope.interface, httplib2, libxml2 (Debian packages).
 */
export function imagefactoryEnv(): { env?: PythonEnv; problem?: string } {
  if (!imagefactory) {
    const env = clean({ IMGFAC_SRC });
    if (!existsSync(join(IMGFAC_SRC, 'imgfac', 'Builder.py'))) {
      imagefactory = { problem: `no ImageFactory source tree at ${IMGFAC_SRC} (set IMGFAC_SRC)` };
    } else if (!existsSync(DEBIAN_PYTHON)) {
      imagefactory = { problem: `${DEBIAN_PYTHON} is missing` };
    } else {
      const probe = spawnSync(DEBIAN_PYTHON, ['-c', 'import sys; sys.path.append(sys.argv[1]); import imgfac.Builder', IMGFAC_SRC], {
        env, encoding: 'utf8',
      });
      imagefactory = probe.status === 0
        ? { env: { name: 'ImageFactory 1.1.16', command: DEBIAN_PYTHON, args: [], env } }
        : { problem: `ImageFactory's Builder does not import: ${probe.stderr.trim().split('\n').pop()} (apt-get install python3-zope.interface python3-httplib2 python3-libxml2)` };
    }
  }
  return imagefactory;
}

/** The same interpreter as an ImageFactory host sees it: imgfac and the stock imagefactory_plugins installed. */
export function imagefactoryHostEnv(): PythonEnv | undefined {
  const found = imagefactoryEnv().env;
  return found && { name: 'ImageFactory 1.1.16 host', command: found.command, args: [], env: clean({ PYTHONPATH: IMGFAC_SRC }) };
}

/**
 * The real ImageFactory, or: a skip with the reason, or a failure where .ci/run requires it (IFPLUGIN_REQUIRE_IMGFAC=1).
 */
export function needImagefactory(ctx: Mocha.Context): PythonEnv {
  const { env, problem } = imagefactoryEnv();
  if (env) return env;
  if (REQUIRE_IMGFAC) throw new Error(`IFPLUGIN_REQUIRE_IMGFAC=1, but ${problem}`);
  process.stderr.write(`      (skipped: ${problem})\n`);
  ctx.skip();
}

let found: PythonEnv[] | undefined;

/**
 * The environments available on this machine; CI installs Debian's python3-zope.interface for all of them. The real
 * ImageFactory (imagefactoryEnv) is not among them: it runs the Builder test, which test/generated-plugins.test.ts
 * runs on purpose.
 */
export function pythonEnvs(): PythonEnv[] {
  found ??= findEnvs();
  return [...found];
}

function findEnvs(): PythonEnv[] {
  const envs: PythonEnv[] = [];
  if (works('python3', ['-c', '0'])) envs.push({ name: 'python3 on PATH', command: 'python3', args: [], env: clean() });
  if (existsSync(DEBIAN_PYTHON)) {
    // -S leaves out site-packages: neither zope.interface nor imgfac can be imported.
    envs.push({ name: 'no site-packages', command: DEBIAN_PYTHON, args: ['-S'], env: clean() });
    if (works(DEBIAN_PYTHON, ['-c', 'import zope.interface'])) {
      envs.push({ name: 'zope.interface', command: DEBIAN_PYTHON, args: [], env: clean() });
      envs.push({ name: 'ImageFactory host', command: DEBIAN_PYTHON, args: [], env: clean({ PYTHONPATH: HOST_FIXTURE }) });
    }
  }
  return envs;
}

export function hostEnv(): PythonEnv | undefined {
  return pythonEnvs().find((e) => e.name === 'ImageFactory host');
}

export function runPython(env: PythonEnv, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return spawnSync(env.command, [...env.args, ...args], { cwd, env: { ...env.env, ...extra }, encoding: 'utf8', timeout: 120000 });
}

export interface PythonRun {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** runPython without blocking, for running many at once (see pool). */
export function runPythonAsync(env: PythonEnv, args: string[], cwd: string, extra: NodeJS.ProcessEnv = {}): Promise<PythonRun> {
  return new Promise((resolvePromise) => {
    const child = spawn(env.command, [...env.args, ...args], { cwd, env: { ...env.env, ...extra }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('close', (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** Runs the tasks, at most `limit` at a time; the results in the tasks' order. */
export async function pool<T>(tasks: (() => Promise<T>)[], limit = 3): Promise<T[]> {
  const results: T[] = new Array(tasks.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < tasks.length) {
      const i = next++;
      results[i] = await tasks[i]();
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, tasks.length) }, worker));
  return results;
}

/** `python3 -m unittest discover` in a generated project: the command its README gives. */
export function runPluginTests(env: PythonEnv, project: string, extra: NodeJS.ProcessEnv = {}): SpawnSyncReturns<string> {
  return runPython(env, ['-m', 'unittest', 'discover', '-v'], project, extra);
}

/**
 * A generated plugin's tests passed: OK, with at most the Builder test skipped, and only where ImageFactory cannot
 * be imported (its one-line reason says so).
 */
export function pluginTestsPassed(r: PythonRun): boolean {
  if (r.status !== 0) return false;
  if (/^OK$/m.test(r.stderr)) return true;
  return /^OK \(skipped=1\)$/m.test(r.stderr) && /^setUpClass \(tests\.test_builder\.TestBuilder\) \.\.\. skipped "ImageFactory's Builder cannot be imported/m.test(r.stderr);
}
