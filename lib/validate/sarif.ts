// validate's findings as SARIF 2.1.0, the format GitHub code scanning (and other CI dashboards) takes: every rule
// of the table with its descriptions, default level and whether --fix fixes it; every finding as a result with
// its rule, level, message and place (a path relative to the working folder, which in CI is the repository's
// root, under %SRCROOT%), and the edits of its fix when it has one.
import { isAbsolute, relative, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { RULES, type Rule } from '../imagefactory/rules.js';
import { packageVersion } from '../paths.js';
import { anchor } from './formats.js';
import type { Edit, Finding } from './info-file.js';
import type { ValidateResult } from './validate.js';

export const SARIF_SCHEMA = 'https://json.schemastore.org/sarif-2.1.0.json';
const INFORMATION_URI = 'https://github.com/generator-ifplugin/generator-ifplugin#validate';

/** A rule's summary up to its first colon outside parentheses and code: what is wrong, without the consequence. */
export function shortDescription(summary: string): string {
  let depth = 0;
  let code = false;
  for (let i = 0; i < summary.length; i++) {
    const c = summary[i];
    if (c === '`') code = !code;
    else if (!code && c === '(') depth++;
    else if (!code && c === ')') depth--;
    else if (!code && depth === 0 && c === ':' && summary[i + 1] === ' ') return `${summary.slice(0, i)}.`;
  }
  return summary;
}

/** A file as SARIF names it: relative to %SRCROOT% (the working folder) when inside it, else a file: URI. */
function location(cwd: string, file: string): { uri: string; uriBaseId?: string } {
  const rel = relative(cwd, file);
  if (rel === '' || rel.startsWith('..') || isAbsolute(rel)) return { uri: pathToFileURL(file).href };
  return { uri: rel.split(sep).map(encodeURIComponent).join('/'), uriBaseId: '%SRCROOT%' };
}

function ruleDescriptor(r: Rule) {
  const level = r.severity === 'warning' ? 'warning' : 'error';
  const fix = r.fix ? ` ifplugin validate --fix: ${r.fix}` : '';
  return {
    id: r.id,
    shortDescription: { text: shortDescription(r.summary) },
    fullDescription: { text: r.summary },
    help: {
      text: `${r.summary}${fix} Each finding's message says what ImageFactory does and how to fix it.`,
      markdown: `${r.summary}${r.fix ? `\n\n**\`ifplugin validate --fix\`**: ${r.fix}` : ''}\n\nEach finding's message says what ImageFactory does and how to fix it.`,
    },
    helpUri: INFORMATION_URI,
    defaultConfiguration: { level },
    properties: { tags: ['imagefactory', r.source], fixable: Boolean(r.fix) },
  };
}

function fixesOf(cwd: string, edits: Edit[]) {
  const files = [...new Set(edits.map((e) => e.file))];
  return [{
    description: { text: 'ifplugin validate --fix' },
    artifactChanges: files.map((file) => ({
      artifactLocation: location(cwd, file),
      replacements: edits.filter((e) => e.file === file).map((e) => ({
        deletedRegion: { byteOffset: e.start, byteLength: e.end - e.start },
        insertedContent: { text: e.text },
      })),
    })),
  }];
}

function resultOf(cwd: string, f: Finding, index: Map<string, number>) {
  const at = anchor(f);
  // Code scanning shows a result only with a line: a finding about a whole file is shown on its first.
  const region = at.line ? { startLine: at.line, ...(at.col ? { startColumn: at.col } : {}) } : at.folder ? undefined : { startLine: 1 };
  return {
    ruleId: f.rule,
    ...(index.has(f.rule) ? { ruleIndex: index.get(f.rule) } : {}),
    level: f.severity,
    message: { text: f.message },
    locations: [{ physicalLocation: { artifactLocation: location(cwd, at.file), ...(region ? { region } : {}) } }],
    ...(f.fix?.length ? { fixes: fixesOf(cwd, f.fix) } : {}),
  };
}

/** The SARIF log of a run. */
export function sarifLog(r: ValidateResult, cwd: string): object {
  const rules = RULES as readonly Rule[];
  const index = new Map(rules.map((rule, i) => [rule.id, i]));
  const version = packageVersion();
  return {
    $schema: SARIF_SCHEMA,
    version: '2.1.0',
    runs: [{
      tool: {
        driver: {
          name: 'ifplugin validate',
          informationUri: INFORMATION_URI,
          version,
          semanticVersion: version,
          rules: rules.map(ruleDescriptor),
        },
      },
      // Python's json and ast count columns from 1 in characters (bytes, for non-ASCII Python source).
      columnKind: 'unicodeCodePoints',
      results: r.findings.map((f) => resultOf(cwd, f, index)),
      invocations: [{
        executionSuccessful: true,
        toolExecutionNotifications: r.notices.map((text) => ({ level: 'note', message: { text } })),
      }],
    }],
  };
}
