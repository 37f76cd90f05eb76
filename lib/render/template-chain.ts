// Where templates come from: user folders first, the built-in templates last; per file, the first folder that
// has it wins, so a user overrides only what they change. Files only a user folder has are rendered too.
import { InputError } from '../errors.js';
import { existsSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';

import { TEMPLATES_DIR } from '../paths.js';
import { byCodeUnits, editDistance } from '../text.js';

export interface TemplateSource {
  dir: string;
  /** Where the folder was named: --templates, .yo-rc.json, IFPLUGIN_TEMPLATES or built-in. */
  origin: string;
}

export interface ResolvedTemplate {
  /** Path inside the set's folder, e.g. src/__name__/__init__.py.ejs. */
  rel: string;
  file: string;
  origin: string;
}

export const BUILT_IN: TemplateSource = { dir: TEMPLATES_DIR, origin: 'built-in' };

/** The lookup chain, in order: --templates, the .yo-rc.json entry, $IFPLUGIN_TEMPLATES, the built-ins. */
export function templateSources(opts: { flag?: string; stored?: string; env?: string; cwd: string; projectRoot?: string }): TemplateSource[] {
  const named: [string | undefined, string, string][] = [
    [opts.flag, '--templates', opts.cwd],
    [opts.stored, '.yo-rc.json', opts.projectRoot ?? opts.cwd],
    [opts.env, 'IFPLUGIN_TEMPLATES', opts.cwd],
  ];
  const sources: TemplateSource[] = [];
  for (const [value, origin, base] of named) {
    if (value === undefined || value === '') continue;
    const dir = resolve(base, value);
    if (!existsSync(dir) || !statSync(dir).isDirectory()) {
      throw new InputError(`${origin}: ${value} is not a folder of templates (make one with: ifplugin templates ${value})`);
    }
    if (!sources.some((s) => s.dir === dir)) sources.push({ dir, origin: `${origin} ${value}` });
  }
  return [...sources, BUILT_IN];
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
  const builtIns = new Set(listFiles(join(BUILT_IN.dir, set)));
  for (const source of sources) {
    for (const rel of listFiles(join(source.dir, set))) {
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
