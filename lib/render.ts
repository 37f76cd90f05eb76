// Renders a template set (a folder under templates/) into a map of destination path -> content, all in memory,
// so that a failing template writes nothing.
import { readdirSync, readFileSync } from 'node:fs';
import { join, relative, sep } from 'node:path';
import ejs from 'ejs';
import { TEMPLATES_DIR } from './paths.js';

/** A failure in a template: the message names the template file and line. */
export class TemplateError extends Error {
  override name = 'TemplateError';
}

/** Template files of a set, as paths relative to the set's folder. */
export function listTemplates(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string): void => {
    for (const entry of readdirSync(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (entry.name.endsWith('.ejs')) out.push(relative(dir, full).split(sep).join('/'));
    }
  };
  walk(dir);
  return out.sort();
}

/**
 * Destination path of a template: path tokens replaced, `.ejs` dropped. A token given as '' that makes up a whole
 * path segment leaves that segment empty, and renderSet skips the template: this is how a set includes a file only
 * for some answers (`__specFile__.ejs` is the RPM spec with --rpm and nothing without it).
 */
export function destinationOf(template: string, tokens: Record<string, string>): string {
  return template
    .replace(/\.ejs$/, '')
    .replace(/__dot__/g, '.')
    .replace(/__([a-zA-Z]+)__/g, (whole, key: string) => tokens[key] ?? whole);
}

export function renderTemplate(file: string, context: object): string {
  const text = readFileSync(file, 'utf8');
  try {
    // strict: an undefined variable is a ReferenceError instead of silently rendering "undefined".
    return ejs.render(text, context, {
      filename: file,
      strict: true,
      destructuredLocals: Object.keys(context),
      escape: (s: unknown) => {
        throw new Error(`<%= ${String(s).slice(0, 20)} %> is not allowed: use <%- %> with an escaping helper`);
      },
    } as ejs.Options) as string;
  } catch (e) {
    const message = String((e as Error).message).split('\n');
    // ejs puts "file:line" first and the failing line's reason last.
    throw new TemplateError(`${message[0].includes(file) ? message[0] : file}: ${message[message.length - 1]}`);
  }
}

/** Renders every template of `set` (a folder name under templates/). */
export function renderSet(set: string, context: object, tokens: Record<string, string>): Map<string, string> {
  const dir = join(TEMPLATES_DIR, set);
  const files = new Map<string, string>();
  for (const template of listTemplates(dir)) {
    const destination = destinationOf(template, tokens);
    if (destination.split('/').includes('')) continue;
    files.set(destination, renderTemplate(join(dir, template), context));
  }
  return files;
}
