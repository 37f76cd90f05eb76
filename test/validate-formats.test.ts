// `ifplugin validate --format`: SARIF checked against the official SARIF 2.1.0 schema (test/fixtures/sarif, vendored)
// and against what GitHub code scanning needs; GitHub workflow commands parsed back as the runner reads them;
// --json as the alias it was; one .info from stdin, for editors.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { cpSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative } from 'node:path';
import { Ajv } from 'ajv';
import addFormats from 'ajv-formats';
import { RULES } from '../lib/imagefactory/rules.js';
import { addInfoFixes } from '../lib/validate/fix.js';
import { escapeData, escapeProperty, githubAnnotations } from '../lib/validate/formats.js';
import { sarifLog, shortDescription } from '../lib/validate/sarif.js';
import { validatePaths, type ValidateResult } from '../lib/validate/validate.js';
import { BIN, tempDir } from './support/cli.js';
import { validate } from './support/validate-cli.js';

const FIXTURES = join(import.meta.dirname, 'fixtures', 'validate');
const SCHEMA_FILE = join(import.meta.dirname, 'fixtures', 'sarif', 'sarif-schema-2.1.0.json');
const HAS_PYTHON = spawnSync('python3', ['-c', '0']).status === 0;

interface SarifResult {
  ruleId: string;
  ruleIndex: number;
  level: string;
  message: { text: string };
  locations: { physicalLocation: { artifactLocation: { uri: string; uriBaseId?: string }; region?: { startLine: number; startColumn?: number } } }[];
  fixes?: unknown[];
}
interface SarifLog { runs: { tool: { driver: { rules: { id: string; properties: { fixable: boolean } }[] } }; results: SarifResult[] }[] }

/** The official schema is draft-04; these are its keywords, all of which mean the same in Ajv's default draft. */
const SAME_IN_DRAFT_07 = new Set([
  '$schema', 'id', 'title', 'description', 'type', 'properties', 'additionalProperties', 'items', 'required', 'enum', 'default',
  'minimum', 'maximum', 'minItems', 'uniqueItems', 'pattern', 'format', '$ref', 'anyOf', 'oneOf', 'definitions',
]);

function keywords(schema: unknown, into = new Set<string>()): Set<string> {
  if (Array.isArray(schema)) for (const item of schema) keywords(item, into);
  else if (schema && typeof schema === 'object') {
    for (const [key, value] of Object.entries(schema)) {
      into.add(key);
      // The names under properties and definitions are names, not keywords.
      if (key === 'properties' || key === 'definitions') for (const sub of Object.values(value as object)) keywords(sub, into);
      else keywords(value, into);
    }
  }
  return into;
}

/** A workflow command as the Actions runner reads it (its CommandStringToCommand and unescape). */
function parseCommand(line: string): { command: string; properties: Record<string, string>; message: string } {
  const m = /^::([a-z-]+)(?: ([^:]*))?::(.*)$/.exec(line);
  assert.ok(m, `not a workflow command: ${line}`);
  const unescape = (s: string) => s.replace(/%0D/g, '\r').replace(/%0A/g, '\n').replace(/%3A/g, ':').replace(/%2C/g, ',').replace(/%25/g, '%');
  const properties: Record<string, string> = {};
  for (const pair of (m[2] ?? '').split(',').filter(Boolean)) {
    const eq = pair.indexOf('=');
    properties[pair.slice(0, eq)] = unescape(pair.slice(eq + 1));
  }
  return { command: m[1], properties, message: unescape(m[3]) };
}

describe('ifplugin validate --format', function () {
  this.timeout(60000);
  let result: ValidateResult;
  before(async () => {
    result = await validatePaths([FIXTURES], { python: HAS_PYTHON ? undefined : false });
    addInfoFixes(result.findings);
  });

  describe('sarif', () => {
    it('uses the vendored SARIF 2.1.0 schema, unchanged, whose keywords mean the same to Ajv', () => {
      const text = readFileSync(SCHEMA_FILE);
      assert.equal(createHash('sha256').update(text).digest('hex'), 'c3b4bb2d6093897483348925aaa73af03b3e3f4bd4ca38cef26dcb4212a2682e');
      const unknown = [...keywords(JSON.parse(text.toString()))].filter((k) => !SAME_IN_DRAFT_07.has(k));
      assert.deepEqual(unknown, []);
    });

    it('validates against the SARIF 2.1.0 schema, fixes included', () => {
      const { $schema, id, ...schema } = JSON.parse(readFileSync(SCHEMA_FILE, 'utf8'));
      assert.match(String($schema), /draft-04/);
      const ajv = new Ajv({ allErrors: true, strict: false });
      addFormats.default(ajv);
      const check = ajv.compile({ ...schema, $id: id });
      const log = sarifLog(result, FIXTURES) as SarifLog;
      assert.ok(check(log), ajv.errorsText(check.errors));
      assert.ok(log.runs[0].results.length >= 15);
      assert.ok(log.runs[0].results.some((r) => r.fixes), 'a result with its fix');
    });

    it("has what code scanning needs: the run's rules, a level, a file under %SRCROOT% and a line for each result", () => {
      const log = sarifLog(result, FIXTURES) as SarifLog;
      const rules = log.runs[0].tool.driver.rules;
      assert.deepEqual(rules.map((r) => r.id), RULES.map((r) => r.id));
      assert.deepEqual(rules.filter((r) => r.properties.fixable).map((r) => r.id).sort(),
        ['delegate-bad-signature', 'info-target-bare-string', 'init-missing', 'py-class-advice', 'py-implicit-import']);
      for (const r of log.runs[0].results) {
        assert.equal(rules[r.ruleIndex].id, r.ruleId);
        assert.ok(['error', 'warning'].includes(r.level));
        const { artifactLocation, region } = r.locations[0].physicalLocation;
        assert.equal(artifactLocation.uriBaseId, '%SRCROOT%');
        assert.doesNotMatch(artifactLocation.uri, /^\/|\.\.|\\/);
        // Findings about a folder are shown on its .info (NoInit has one).
        assert.ok(region && region.startLine >= 1, `${r.ruleId} ${artifactLocation.uri}`);
      }
      const noInit = log.runs[0].results.find((r) => r.ruleId === 'init-missing');
      assert.deepEqual(noInit?.locations[0].physicalLocation, { artifactLocation: { uri: 'plugins/NoInit/NoInit.info', uriBaseId: '%SRCROOT%' }, region: { startLine: 1 } });
    });

    it('shortens a rule summary to what is wrong', () => {
      assert.equal(shortDescription('Not JSON (often Python syntax: single quotes): the loader fails.'), 'Not JSON (often Python syntax: single quotes).');
      assert.equal(shortDescription('A `a: b` thing: it fails.'), 'A `a: b` thing.');
      assert.equal(shortDescription('No colon here.'), 'No colon here.');
    });

    it('is all that goes to stdout, with the exit status of the findings', async () => {
      const r = await validate(['--format', 'sarif', 'plugins.d'], FIXTURES);
      assert.equal(r.status, 1);
      assert.equal((JSON.parse(r.stdout) as SarifLog).runs[0].results.length, 5);
      assert.equal(r.stderr, '');
      const quiet = await validate(['--format', 'sarif', 'plugins.d/Good.info'], FIXTURES);
      assert.deepEqual([quiet.status, (JSON.parse(quiet.stdout) as SarifLog).runs[0].results], [0, []]);
    });
  });

  describe('github', () => {
    it("escapes as the Actions toolkit does, so that the runner reads back the file, line, rule and message", () => {
      const file = join(FIXTURES, 'we:ird,dir', '100%.info');
      const message = 'line one\r\nline two: 50% done, a,b';
      const lines = githubAnnotations({ ...result, notices: ['a notice, with: 100%'], findings: [
        { file, line: 3, col: 7, rule: 'info-target-shape', severity: 'error', message },
        { file: join(FIXTURES, 'plugins.d', 'Bare.info'), rule: 'info-stem-identifier', severity: 'warning', message: 'whole file' },
      ] }, FIXTURES);
      assert.equal(lines.length, 3);
      assert.ok(lines.every((l) => !/[\r\n]/.test(l)));
      assert.deepEqual(lines.map(parseCommand), [
        { command: 'notice', properties: { title: 'ifplugin validate' }, message: 'a notice, with: 100%' },
        { command: 'error', properties: { file: 'we:ird,dir/100%.info', line: '3', col: '7', title: 'info-target-shape' }, message },
        { command: 'warning', properties: { file: 'plugins.d/Bare.info', title: 'info-stem-identifier' }, message: 'whole file' },
      ]);
      assert.equal(escapeData('%\r\n:,'), '%25%0D%0A:,');
      assert.equal(escapeProperty('%\r\n:,'), '%25%0D%0A%3A%2C');
    });

    it('prints one command per finding, and the summary on stderr', async () => {
      const r = await validate(['--format', 'github', 'plugins.d'], FIXTURES);
      assert.equal(r.status, 1);
      const commands = r.stdout.trimEnd().split('\n').map(parseCommand);
      assert.deepEqual(commands.map((c) => [c.command, c.properties.file, c.properties.title]),
        result.findings.filter((f) => f.file.includes('/plugins.d/')).map((f) => [f.severity, relative(FIXTURES, f.file), f.rule]));
      assert.equal(r.stderr, '1 error, 4 warnings (0 plugin folders, 2 other .info files); 1 fixable with --fix (--diff shows how)\n');
    });
  });

  describe('json', () => {
    it('--json is --format json; a format that is not one, or two that disagree, is one line and exit status 2', async () => {
      const [alias, long] = await Promise.all([['--json'], ['--format', 'json']].map((a) => validate([...a, '--no-python', 'plugins.d'], FIXTURES)));
      assert.equal(alias.stdout, long.stdout);
      assert.ok(JSON.parse(alias.stdout).findings.some((f: { fixable: boolean }) => f.fixable));
      const cases: [string[], string][] = [
        [['--format', 'xml'], '--format xml: the formats are text, json, sarif, github'],
        [['--json', '--format', 'sarif'], '--json and --format sarif contradict each other: --json is --format json'],
        [['--format', ''], '--format needs a value'],
        [['--diff', '--format', 'sarif'], '--diff prints a diff: it takes no --format sarif'],
      ];
      for (const [args, message] of cases) {
        const r = await validate([...args, 'plugins.d'], FIXTURES);
        assert.deepEqual([r.status, r.stdout, r.stderr], [2, '', `ifplugin validate: ${message} (see ifplugin validate --help)\n`]);
      }
    });
  });

  it("the README's samples are what it prints", async () => {
    const readme = readFileSync(join(import.meta.dirname, '..', 'README.md'), 'utf8');
    const sample = (name: string) => {
      const m = new RegExp(`<!-- sample: ${name} -->\\n\\n((?: {4}.*\\n)+)`).exec(readme);
      assert.ok(m, `README.md has no ${name} sample`);
      return m[1].replace(/^ {4}/gm, '');
    };
    const dir = tempDir('ifplugin-readme-samples-');
    mkdirSync(join(dir, 'plugins.d'));
    writeFileSync(join(dir, 'plugins.d', 'MyCloud.info'), sample('MyCloud.info'));
    const text = await validate(['plugins.d'], dir);
    assert.equal(text.stdout + text.stderr, sample('text'));
    assert.equal((await validate(['--json', 'plugins.d'], dir)).stdout, sample('json'));
    assert.equal((await validate(['--format', 'github', 'plugins.d'], dir)).stdout, sample('github'));
    if (!HAS_PYTHON) return;
    cpSync(join(import.meta.dirname, 'fixtures', 'fix', 'LegacyCloud'), join(dir, 'src', 'LegacyCloud'), { recursive: true });
    const diff = await validate(['--diff', 'src'], dir);
    assert.equal(diff.stdout + diff.stderr, sample('diff'));
  });

  describe('- (one .info on stdin)', () => {
    const stdin = (args: string[], input: string) =>
      spawnSync(process.execPath, [BIN, 'validate', ...args], { cwd: FIXTURES, input, encoding: 'utf8', env: { ...process.env, NO_UPDATE_NOTIFIER: '1' } });
    const bare = readFileSync(join(FIXTURES, 'plugins.d', 'Bare.info'), 'utf8');

    it('reports against <stdin>, without the rules about a name it does not have', () => {
      const r = stdin(['-'], bare);
      assert.equal(r.status, 1, r.stderr);
      const lines = r.stdout.trimEnd().split('\n');
      assert.ok(lines.length >= 2 && lines.every((l) => l.startsWith('<stdin>:')), r.stdout);
      assert.doesNotMatch(r.stdout, /info-stem/);
      assert.match(r.stdout, /\(info-target-bare-string\)/);
      assert.match(r.stderr, /^1 error, \d+ warnings \(0 plugin folders, 1 other \.info file\)\n$/);
    });

    it('reports against --stdin-filename, which also checks the name against the plugin folder', () => {
      const r = stdin(['--format', 'json', '--stdin-filename', 'plugins/CleanCloud/Other.info', '-'], bare);
      const report = JSON.parse(r.stdout);
      assert.ok(report.findings.every((f: { file: string }) => f.file === 'plugins/CleanCloud/Other.info'));
      assert.ok(report.findings.some((f: { rule: string }) => f.rule === 'info-stem-folder'));
      // A fix is made to a file: the one on disk is not the text that was checked.
      assert.ok(report.findings.every((f: { fixable: boolean }) => !f.fixable));
    });

    it('refuses what does not go with it, before reading stdin', async () => {
      const cases: [string[], RegExp][] = [
        [['-', 'plugins.d'], /- \(a \.info read from stdin\) goes alone/],
        [['--stdin-filename', 'x.info', 'plugins.d'], /--stdin-filename names the \.info read from stdin: it goes with -/],
        [['--stdin-filename', 'x.py', '-'], /--stdin-filename x\.py: validate reads only a \.info from stdin/],
        [['--fix', '-'], /--fix works on files: it cannot change a \.info read from stdin/],
      ];
      for (const [args, message] of cases) {
        const r = await validate(args, FIXTURES);
        assert.equal(r.status, 2, r.stderr);
        assert.equal(r.stderr.split('\n').length, 2);
        assert.match(r.stderr, message);
      }
    });
  });
});
