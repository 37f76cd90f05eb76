// Where templates come from: user folders first, the built-in templates last; per file, the first folder that
// has it wins, so a user overrides only what they change. Files only a user folder has are rendered too.
import { InputError } from '../errors.js';
import { existsSync, readdirSync, realpathSync, statSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';

import { TEMPLATES_DIR } from '../paths.js';
import { byCodeUnits, editDistance, visible } from '../text.js';

export interface TemplateSource {
  dir: string;
  /** Where the folder was named: --templates, .yo-rc.json, IFPLUGIN_TEMPLATES or built-in. */
  origin: string;
  /** Named by the project (its .yo-rc.json), not by the user running the command: said before it runs. */
  fromProject?: true;
}

export interface ResolvedTemplate {
  /** Path inside the set's folder, e.g. src/__name__/__init__.py.ejs. */
  rel: string;
  file: string;
  origin: string;
}

export const BUILT_IN: TemplateSource = { dir: TEMPLATES_DIR, origin: 'built-in' };

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

/**
 * The lookup chain, in order: --templates, the .yo-rc.json entry, $IFPLUGIN_TEMPLATES, the built-ins. Templates
 * are code: a folder a project's .yo-rc.json names (a cloned repository's, say) must be inside that project,
 * and the caller announces it before it runs; a folder outside is taken only from the command line.
 */
export function templateSources(opts: { flag?: string; stored?: string; env?: string; cwd: string; projectRoot?: string }): TemplateSource[] {
  const named: [string | undefined, string, string][] = [
    [opts.flag, '--templates', opts.cwd],
    // A folder given now takes the place of the one the project recorded (and is recorded instead).
    [opts.flag === undefined ? opts.stored : undefined, '.yo-rc.json', opts.projectRoot ?? opts.cwd],
    [opts.env, 'IFPLUGIN_TEMPLATES', opts.cwd],
  ];
  const sources: TemplateSource[] = [];
  for (const [value, origin, base] of named) {
    if (value === undefined || value === '') continue;
    const dir = resolve(base, value);
    const fromProject = origin === '.yo-rc.json';
    if (fromProject && !inside(base, dir)) {
      throw new InputError(
        `${origin}: "templates" is ${visible(value)}, which is outside the project: templates run as code, so a folder ` +
          `outside is used only when you name it yourself, with --templates ${visible(value)} (or remove the entry)`,
      );
    }
    if (!isFolder(dir)) {
      throw new InputError(`${origin}: ${visible(value)} is not a folder of templates (make one with: ifplugin templates ${visible(value)})`);
    }
    if (!sources.some((s) => s.dir === dir)) sources.push({ dir, origin: `${origin} ${value}`, ...(fromProject ? { fromProject: true } : {}) });
  }
  return [...sources, BUILT_IN];
}

/** Whether `path` is `root` or below it, links resolved (a link inside that leads out is outside). */
function inside(root: string, path: string): boolean {
  const real = (p: string) => {
    try {
      return realpathSync(p);
    } catch {
      return p;
    }
  };
  const rel = relative(real(root), real(path));
  return !rel.startsWith('..') && !isAbsolute(rel);
}

/** Every file under `dir`, as /-separated paths relative to it. */
export function listFiles(dir: string): string[] {
  if (!existsSync(dir)) return [];
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/** The templates of one set (a folder such as app or delegate), each from the first source that has it. */
export function resolveSet(set: string, sources: TemplateSource[]): { templates: ResolvedTemplate[]; warnings: string[] } {
  const chosen = new Map<string, ResolvedTemplate>();
  const warnings: string[] = [];
  const builtInFiles = listFiles(join(BUILT_IN.dir, set));
  const builtIns = new Set(builtInFiles);
  for (const source of sources) {
    for (const rel of source === BUILT_IN ? builtInFiles : listFiles(join(source.dir, set))) {
      if (!rel.endsWith('.ejs')) {
        if (source !== BUILT_IN) warnings.push(`${join(source.dir, set, rel)} is ignored: template files end in .ejs`);
        continue;
      }
      if (source !== BUILT_IN && !builtIns.has(rel)) {
        const near = [...builtIns].find((b) => editDistance(b, rel) <= 2 || lastPart(b).toLowerCase() === lastPart(rel).toLowerCase());
        if (near) warnings.push(`${join(source.dir, set, rel)} overrides no built-in template and is added as a new file: did you mean ${set}/${near}?`);
      }
      if (!chosen.has(rel)) chosen.set(rel, { rel, file: join(source.dir, set, rel), origin: source.origin });
    }
  }
  return { templates: [...chosen.values()].sort((a, b) => byCodeUnits(a.rel, b.rel)), warnings };
}

const lastPart = (p: string) => p.slice(p.lastIndexOf('/') + 1);
