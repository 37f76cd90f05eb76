// Renders a template set (a folder under templates/) into a map of destination path -> content, all in memory,
// so that a failing template writes nothing.
import { createRequire } from 'node:module';
import { join } from 'node:path';
import ejs from 'ejs';
import { TemplateError } from '../errors.js';
import { FileProblem, MiB, readText } from '../files.js';
import { PACKAGE_ROOT } from '../paths.js';
import { BUILT_IN, resolveSet, type TemplateSource } from './template-chain.js';

/** No template is anywhere near this; a bigger file is refused before it is read. */
const TEMPLATE_LIMIT = MiB;

/**
 * Destination path of a template: path tokens replaced, `.ejs` dropped. A token given as '' that makes up a whole
 * path segment leaves that segment empty, and renderSet skips the template: this is how a set includes a file only
 * for some answers (`__specFile__.ejs` is the RPM spec with --rpm and nothing without it).
 */
export function destinationOf(template: string, tokens: Record<string, string>): string {
  return template
    .replace(/\.ejs$/, '')
    .replace(/__dot__/g, '.')
    // Own tokens only: `__constructor__` is no token, whatever Object.prototype holds.
    .replace(/__([a-zA-Z]+)__/g, (whole, key: string) => (Object.hasOwn(tokens, key) ? tokens[key] : whole));
}

export const EJS_OPTIONS = { strict: true, compileDebug: true };

/** A built-in template as the build compiled it (scripts/build-templates.mjs): the function EJS would make. */
export interface PrecompiledTemplate {
  /** <set>/<path>, e.g. app/README.md.ejs. */
  name: string;
  text: string;
  /** The context keys it was compiled for (EJS's destructuredLocals). */
  locals: string[];
  render(locals: object, escapeFn: unknown, include: unknown, rethrow: unknown): string;
}

const PRECOMPILED_FILE = join(PACKAGE_ROOT, 'dist', 'precompiled-templates.cjs');
let precompiled: Map<string, PrecompiledTemplate> | undefined;

/**
 * The build's compiled function for a template with exactly this text and these context keys, or undefined (a
 * user's template, a built-in one edited since the build, no build at all): those are compiled by EJS here.
 */
export function precompiledTemplate(text: string, locals: string[]): PrecompiledTemplate | undefined {
  if (!precompiled) {
    precompiled = new Map();
    try {
      for (const t of createRequire(import.meta.url)(PRECOMPILED_FILE) as PrecompiledTemplate[]) precompiled.set(t.text, t);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== 'MODULE_NOT_FOUND') throw e;
    }
  }
  const found = precompiled.get(text);
  return found && found.locals.length === locals.length && found.locals.every((k, i) => k === locals[i]) ? found : undefined;
}

/** The copy of the data EJS gives a template: own properties in a null-prototype object (ejs's shallowCopy). */
function localsOf(data: object): object {
  const locals: Record<string, unknown> = Object.create(null);
  for (const key in data) {
    if (Object.hasOwn(data, key) && key !== '__proto__' && key !== 'constructor') locals[key] = (data as Record<string, unknown>)[key];
  }
  return locals;
}

// <%= (escapeFn) is refused above and no built-in template includes another: neither is given to a precompiled one.
const unavailable = () => {
  throw new Error('not available to a precompiled template');
};
const rethrowAsIs = (e: unknown) => {
  throw e;
};

/** `precompiled: false` compiles with EJS even a built-in template (a test compares both ways). */
export function renderTemplate(file: string, context: object, { precompiled = true } = {}): string {
  let text: string;
  try {
    const read = readText(file, TEMPLATE_LIMIT);
    if (read === undefined) throw new FileProblem('does not exist');
    text = read;
  } catch (e) {
    if (e instanceof FileProblem) throw new TemplateError(`${file} ${e.reason}: a template must be a UTF-8 text file`);
    throw e;
  }
  const options = {
    ...EJS_OPTIONS,
    filename: file,
    // strict: an undefined variable is a ReferenceError instead of silently rendering "undefined".
    destructuredLocals: Object.keys(context),
  };
  // <%= escapes for HTML, which is wrong for Python, JSON or TOML: output goes through the h helpers instead.
  const escaping = /<%=/.exec(text);
  if (escaping) {
    const line = text.slice(0, escaping.index).split('\n').length;
    throw new TemplateError(`${file}:${line}: <%= is not allowed (it escapes for HTML): use <%- with an h helper, e.g. <%- h.pyString(name) %>`);
  }
  const compiled = precompiled ? precompiledTemplate(text, options.destructuredLocals) : undefined;
  if (compiled) {
    try {
      return compiled.render(localsOf(context), unavailable, unavailable, rethrowAsIs);
    } catch {
      // Rendered again by EJS below, which fails the same way and says where.
    }
  }
  try {
    return ejs.render(text, context, options as ejs.Options) as string;
  } catch (e) {
    const lines = String((e as Error).message).split('\n');
    // A failure while running starts with "file:12" and ends with the reason; a syntax error starts with the
    // reason and names no line, so find it.
    const at = /^(.*):(\d+)$/.exec(lines[0]);
    if (at && at[1] === file) throw new TemplateError(`${file}:${at[2]}: ${lines[lines.length - 1]}`);
    const line = syntaxErrorLine(text, options);
    const reason = lines[0].replace(/ in \S+ while compiling ejs$/, '');
    throw new TemplateError(`${file}${line ? `:${line}` : ''}: ${reason}`);
  }
}

/** The template line of an EJS or JavaScript syntax error, or undefined when it cannot be told. */
function syntaxErrorLine(text: string, options: object): number | undefined {
  const lineOf = (index: number) => text.slice(0, index).split('\n').length;
  const template = new (ejs as unknown as { Template: new (t: string, o: object) => { generateSource(): void; source: string } }).Template(text, options);
  try {
    template.generateSource();
  } catch {
    // An unclosed tag: the first opening tag without a closing one after it.
    let open: number | undefined;
    for (const m of text.matchAll(/<%|%>/g)) open = m[0] === '<%' ? (open ?? m.index) : undefined;
    return open === undefined ? undefined : lineOf(open);
  }
  try {
    // node:vm only for a broken template.
    new (process.getBuiltinModule('node:vm').Script)(`(function () {\n${template.source}\n})`, { filename: 'template.js' });
  } catch (e) {
    const generatedLine = Number(/template\.js:(\d+)/.exec(String((e as Error).stack))?.[1]);
    const before = `(function () {\n${template.source}`.split('\n').slice(0, generatedLine).join('\n');
    const marks = [...before.matchAll(/__line = (\d+)/g)];
    return marks.length ? Number(marks[marks.length - 1][1]) : undefined;
  }
  return undefined;
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
    // A template names a file inside the project, never one above it or elsewhere.
    if (destination.split('/').some((part) => part === '.' || part === '..') || destination.includes('\0')) {
      throw new TemplateError(`${template.file}: its path makes ${destination}, which leads out of the project: rename the template`);
    }
    files.set(destination, renderTemplate(template.file, context));
    report?.origins.set(destination, template.origin);
  }
  return files;
}
