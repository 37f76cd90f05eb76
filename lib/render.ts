// Renders a template set (a folder under templates/) into a map of destination path -> content, all in memory,
// so that a failing template writes nothing.
import { readFileSync } from 'node:fs';
import ejs from 'ejs';
import { BUILT_IN, resolveSet, type TemplateSource } from './template-chain.js';

/** A failure in a template: the message names the template file and line. */
export class TemplateError extends Error {
  override name = 'TemplateError';
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

/** Where rendered files came from, and what a user's template folder looks wrong about. */
export interface RenderReport {
  /** Destination path -> origin of its template (built-in, --templates, ...). */
  origins: Map<string, string>;
  warnings: string[];
}

/**
 * Renders every template of `set` (a folder name such as app or delegate), each taken from the first source
 * that has it (see template-chain.ts); by default only the built-in templates.
 */
export function renderSet(
  set: string,
  context: object,
  tokens: Record<string, string>,
  sources: TemplateSource[] = [BUILT_IN],
  report?: RenderReport,
): Map<string, string> {
  const { templates, warnings } = resolveSet(set, sources);
  report?.warnings.push(...warnings);
  const files = new Map<string, string>();
  for (const template of templates) {
    const destination = destinationOf(template.rel, tokens);
    if (destination.split('/').includes('')) continue;
    files.set(destination, renderTemplate(template.file, context));
    report?.origins.set(destination, template.origin);
  }
  return files;
}
