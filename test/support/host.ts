// Simulated ImageFactory hosts for the install tests: a root folder laid out like a distribution's, with the
// Python that runs ImageFactory, the "system" site folder that holds ImageFactory (imgfac and the regular
// imagefactory_plugins package), a "local" site folder ahead of it on sys.path (Fedora's /usr/local, where pip as
// root installs) and plugins.d. The real loader, imgfac.PluginManager from ImageFactory 1.1.16, is then run
// from that plugins.d, as imagefactoryd runs it.
import { spawnSync, type SpawnSyncReturns } from 'node:child_process';
import { chmodSync, cpSync, existsSync, lstatSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, readlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';

/** ImageFactory 1.1.16, unmodified: $IMGFAC_SRC, or ../shared beside the checkout. */
export const IMGFAC_SRC = process.env.IMGFAC_SRC ?? join(import.meta.dirname, '..', '..', '..', 'shared', 'imagefactory', 'upstream-1.1.16');
const DEBIAN_PYTHON = '/usr/bin/python3';
/** The unprivileged user that runs the steps a README gives without sudo. */
export const NOBODY = 65534;

export interface Host {
  root: string;
  /** The Python that runs ImageFactory on this host (a wrapper around /usr/bin/python3 with the host's sys.path). */
  python: string;
  /** Where ImageFactory's imagefactory_plugins package is. */
  sitelib: string;
  /** A folder ahead of sitelib on sys.path: /usr/local/lib/python3.X/site-packages on Fedora. */
  localSite: string;
  pluginsD: string;
}

export type Layout = 'fedora' | 'el9' | 'debian';

/** Whether this machine can build hosts: /usr/bin/python3 with zope.interface, and ImageFactory's source. */
export function hostProblem(): string | undefined {
  if (spawnSync(DEBIAN_PYTHON, ['-c', 'import zope.interface']).status !== 0) return `${DEBIAN_PYTHON} with zope.interface is needed (apt-get install python3-zope.interface)`;
  if (!existsSync(join(IMGFAC_SRC, 'imgfac', 'PluginManager.py'))) return `ImageFactory 1.1.16 is not at ${IMGFAC_SRC} (set IMGFAC_SRC)`;
  if (spawnSync('make', ['--version']).status !== 0) return 'make is needed';
  return undefined;
}

/** A folder everyone can read (mkdtemp makes 0700 folders, which the unprivileged user could not enter). */
export function openTempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  chmodSync(dir, 0o755);
  return dir;
}

export function makeHost(layout: Layout): Host {
  const root = openTempDir(`ifplugin-host-${layout}-`);
  const pyVersion = spawnSync(DEBIAN_PYTHON, ['-c', 'import sys; print("%d.%d" % sys.version_info[:2])'], { encoding: 'utf8' }).stdout.trim();
  const sites: Record<Layout, [string, string]> = {
    fedora: [`usr/lib/python${pyVersion}/site-packages`, `usr/local/lib/python${pyVersion}/site-packages`],
    el9: [`usr/lib/python${pyVersion}/site-packages`, `usr/local/lib/python${pyVersion}/site-packages`],
    debian: ['usr/lib/python3/dist-packages', `usr/local/lib/python${pyVersion}/dist-packages`],
  };
  const [sitelib, localSite] = sites[layout].map((p) => join(root, p));
  const pluginsD = join(root, 'etc/imagefactory/plugins.d');
  for (const d of [sitelib, localSite, pluginsD, join(root, 'usr/bin')]) mkdirSync(d, { recursive: true, mode: 0o755 });
  // What the imagefactory and imagefactory-plugins packages install: imgfac, and the regular (stock, empty
  // __init__.py) imagefactory_plugins package with a stock plugin, enabled as its %post enables it.
  cpSync(join(IMGFAC_SRC, 'imgfac'), join(sitelib, 'imgfac'), { recursive: true });
  mkdirSync(join(sitelib, 'imagefactory_plugins'));
  writeFileSync(join(sitelib, 'imagefactory_plugins', '__init__.py'), '');
  cpSync(join(IMGFAC_SRC, 'imagefactory_plugins', 'MockCloud'), join(sitelib, 'imagefactory_plugins', 'MockCloud'), { recursive: true });
  spawnSync('ln', ['-s', join(sitelib, 'imagefactory_plugins/MockCloud/MockCloud.info'), join(pluginsD, 'MockCloud.info')]);
  const python = join(root, 'usr/bin/python3');
  writeFileSync(python, `#!/bin/sh\nPYTHONPATH='${localSite}:${sitelib}' exec ${DEBIAN_PYTHON} "$@"\n`, { mode: 0o755 });
  spawnSync('chmod', ['-R', 'a+rX', root]);
  return { root, python, sitelib, localSite, pluginsD };
}

/** Every path under dir with its kind and content (or link target): to compare a folder before and after. */
export function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const e of readdirSync(d).sort()) {
      const p = join(d, e);
      const st = lstatSync(p);
      const rel = relative(dir, p);
      if (st.isSymbolicLink()) out.set(rel, `link ${readlinkSync(p)}`);
      else if (st.isDirectory()) {
        out.set(rel, `dir ${(st.mode & 0o777).toString(8)}`);
        walk(p);
      } else out.set(rel, `file ${(st.mode & 0o777).toString(8)} ${readFileSync(p).toString('base64')}`);
    }
  };
  walk(dir);
  return out;
}

/** What changed between two snapshots, one line per path: an empty list when nothing did. */
export function changes(before: Map<string, string>, after: Map<string, string>): string[] {
  const out: string[] = [];
  for (const [p, v] of after) if (before.get(p) !== v) out.push(`${before.has(p) ? 'changed' : 'added'} ${p}`);
  for (const p of before.keys()) if (!after.has(p)) out.push(`removed ${p}`);
  return out;
}

export interface Step {
  command: string;
  root: boolean;
  result: SpawnSyncReturns<string>;
}

/**
 * Runs a shell command from a README in project: as root when it starts with sudo (sudo itself is left out, as
 * root needs none), otherwise as the unprivileged user. The host's PYTHON and PLUGINS_D come from the environment,
 * which the Makefile reads.
 */
export function runStep(line: string, project: string, host: Host, extraEnv: NodeJS.ProcessEnv = {}): Step {
  const root = line.startsWith('sudo ');
  const command = root ? line.slice('sudo '.length) : line;
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHON: host.python, PLUGINS_D: host.pluginsD, MAKEFLAGS: '', ...extraEnv };
  delete env.PYTHONPATH;
  const argv = root ? ['/bin/sh', '-c', command] : ['setpriv', `--reuid=${NOBODY}`, `--regid=${NOBODY}`, '--clear-groups', '/bin/sh', '-c', command];
  const result = spawnSync(argv[0], argv.slice(1), { cwd: project, env: { ...env, HOME: '/nonexistent' }, encoding: 'utf8', timeout: 60000 });
  return { command: line, root, result };
}

/** The commands of the n-th indented block after a Markdown heading, comments left out. */
export function readmeCommands(readme: string, heading: string, n = 0): string[] {
  const section = readme.split(/^## /m).find((s) => s.startsWith(`${heading}\n`));
  if (!section) throw new Error(`no "## ${heading}" in the README`);
  const blocks: string[][] = [];
  let inBlock = false;
  for (const line of section.split('\n')) {
    const code = line.startsWith('    ');
    if (code && !inBlock) blocks.push([]);
    if (code) blocks[blocks.length - 1].push(line.trim().replace(/\s+#.*$/, ''));
    inBlock = code;
  }
  return blocks[n] ?? [];
}

/**
 * Runs the real loader as imagefactoryd does, in a fresh interpreter (PluginManager is a singleton): load every
 * .info in plugins.d, then look the target up as Builder does (a string for cloud, a 3-tuple for OS) and
 * instantiate the delegate. Prints the plugin's metadata state, the delegate class and the file it came from.
 */
export function loadThroughLoader(host: Host, name: string, target: string | (string | null)[]): SpawnSyncReturns<string> {
  const code = [
    'import json',
    'import sys',
    'from imgfac.PluginManager import PluginManager',
    'manager = PluginManager(sys.argv[1])',
    'manager.load()',
    'metadata = manager.plugins.get(sys.argv[2])',
    'if not metadata or "ERROR" in metadata:',
    '    sys.exit("not loaded: %r" % (metadata,))',
    'target = json.loads(sys.argv[3])',
    'if isinstance(target, list):',
    '    target = tuple(target)',
    'delegate = manager.plugin_for_target(target)',
    'module = sys.modules[type(delegate).__module__]',
    'print(type(delegate).__module__ + "." + type(delegate).__name__)',
    'print(module.__file__)',
  ].join('\n');
  // Without writing bytecode: distributions ship ImageFactory compiled, and this host's copy is not.
  const env: NodeJS.ProcessEnv = { ...process.env, PYTHONDONTWRITEBYTECODE: '1' };
  delete env.PYTHONPATH;
  return spawnSync(host.python, ['-c', code, host.pluginsD, name, JSON.stringify(target)], { cwd: '/', env, encoding: 'utf8', timeout: 60000 });
}
