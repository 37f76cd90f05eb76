// Running generated plugins' Python in the environments a plugin meets: no ImageFactory at all, zope.interface
// only, and an ImageFactory-like host whose regular imagefactory_plugins package shadows the source tree.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join } from 'node:path';

export const HOST_FIXTURE = join(import.meta.dirname, '..', 'fixtures', 'imagefactory-host');
const DEBIAN_PYTHON = '/usr/bin/python3';

export interface PythonEnv {
  name: string;
  command: string;
  args: string[];
  env: NodeJS.ProcessEnv;
}

function works(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): boolean {
  return spawnSync(command, args, { env, encoding: 'utf8' }).status === 0;
}

const clean = (extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv => {
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1', ...extra };
  if (!extra.PYTHONPATH) delete env.PYTHONPATH;
  return env;
};

/** The environments available on this machine; CI installs Debian's python3-zope.interface for all of them. */
export function pythonEnvs(): PythonEnv[] {
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

export function runPython(env: PythonEnv, args: string[], cwd: string): SpawnSyncReturns<string> {
  return spawnSync(env.command, [...env.args, ...args], { cwd, env: env.env, encoding: 'utf8', timeout: 60000 });
}

/** `python3 -m unittest discover` in a generated project: the command its README gives. */
export function runPluginTests(env: PythonEnv, project: string): SpawnSyncReturns<string> {
  return runPython(env, ['-m', 'unittest', 'discover', '-v'], project);
}
