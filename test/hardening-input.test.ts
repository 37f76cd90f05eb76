// Bad input to every option of every command of the bin: each invalid value ends the run with a non-zero exit
// and one line on stderr that names the option and says what is allowed; nothing is asked (stdin closed, no
// terminal) and nothing is written, in an empty folder and in one that holds a plugin already.
//
// The options come from the commands' own declarations (lib/commands/specs.ts), so a new
// option gets the generic cases (missing value, given twice, a value for a flag, --no- of a text option) by
// itself, and the completeness test fails until it has invalid values of its own in INVALID below.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP as appSpec, DELEGATE as delegateSpec, TEMPLATES as templatesSpec, VALIDATE as validateSpec, type CommandSpec } from '../lib/commands/specs.js';
import { tempDir } from './support/cli.js';
import { leftovers, oneLineError, pool, projectCopy, runBin, snapshot, treeChanges, type Entry, type RunResult } from './support/hardening.js';

const BATCH = join(import.meta.dirname, 'support', 'main-batch.mjs');

type CommandName = '' | 'delegate' | 'templates' | 'validate';

interface Flag {
  name: string;
  type: 'string' | 'boolean';
  negatable?: true;
}

interface Base {
  flags: Record<string, string | true>;
  positionals: string[];
}

interface State {
  name: string;
  /** Makes the folder to run in. */
  make(): string;
  base: Base;
}

interface Command {
  name: CommandName;
  flags: Flag[];
  /** Positional arguments that take a value (validate's PATH...). */
  positionals: string[];
  states: State[];
}

/** One invalid input. */
interface Case {
  /** The option (without --) or positional the case is about, as counted in the summary. */
  option: string;
  /** A value for a text option, passed as `--option value` (as `--option=value` when it starts with -). */
  value?: string;
  /** Other options to set or (undefined) drop from the base. */
  with?: Record<string, string | true | undefined>;
  /** Arguments that replace the option in the base, appended last (missing values, repeats, unknown options). */
  raw?: string[];
  /** Positional arguments that replace the base's. */
  positionals?: string[];
  /** What the message must contain besides the option (default: --option). */
  mention?: RegExp;
  /** Only in these states. */
  states?: string[];
  /** Says what the case is, in a failure's report, when the arguments do not show it well. */
  label?: string;
  /** Made from the declaration alone (genericCases). */
  generic?: boolean;
}

const PROJECT_ARGS = ['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x,y', '--rpm', '--changelog-date', '2025-11-29'];
const project = () => projectCopy(PROJECT_ARGS, 'Example').project;
const empty = () => tempDir('ifplugin-hardening-');

const flagsOf = (spec: CommandSpec): Flag[] => spec.flags.map((f) => ({ name: f.name, type: f.type, negatable: f.negatable }));

const COMMANDS: Command[] = [
  {
    name: '',
    flags: flagsOf(appSpec),
    positionals: appSpec.positionals.map((p) => p.name),
    states: [
      { name: 'empty', make: empty, base: { flags: { yes: true, name: 'Example', type: 'cloud', targets: 'x' }, positionals: [] } },
      { name: 'plugin', make: project, base: { flags: { yes: true }, positionals: [] } },
    ],
  },
  {
    name: 'delegate',
    flags: flagsOf(delegateSpec),
    positionals: [],
    states: [
      { name: 'new', make: empty, base: { flags: { yes: true, type: 'cloud', name: 'Fresh', 'class-name': 'Extra' }, positionals: [] } },
      { name: 'plugin', make: project, base: { flags: { yes: true, 'class-name': 'Extra' }, positionals: [] } },
    ],
  },
  {
    name: 'templates',
    flags: flagsOf(templatesSpec),
    positionals: templatesSpec.positionals.map((p) => p.name),
    states: [
      { name: 'empty', make: empty, base: { flags: {}, positionals: [] } },
      { name: 'plugin', make: project, base: { flags: {}, positionals: [] } },
    ],
  },
  {
    name: 'validate',
    flags: flagsOf(validateSpec),
    positionals: ['PATH'],
    states: [
      { name: 'empty', make: empty, base: { flags: {}, positionals: ['.'] } },
      { name: 'plugin', make: project, base: { flags: {}, positionals: ['.'] } },
    ],
  },
];

const long = (n: number, unit = 'x') => unit.repeat(n);

// The invalid values of each text option and positional, by command. Categories: empty, out of set, wrong form,
// too long, control characters, line breaks, path separators and .., Python keywords and non-identifiers.
const INVALID: Record<CommandName, Record<string, Case[]>> = {
  '': {
    name: [
      { option: 'name', value: '' },
      { option: 'name', value: '9lives' },
      { option: 'name', value: 'my-plugin' },
      { option: 'name', value: 'has space' },
      { option: 'name', value: 'a/b' },
      { option: 'name', value: '../evil' },
      { option: 'name', value: '..' },
      { option: 'name', value: 'a\\b' },
      { option: 'name', value: 'class' },
      { option: 'name', value: 'None' },
      { option: 'name', value: '__init__' },
      { option: 'name', value: 'naïve' },
      { option: 'name', value: 'a\nb' },
      { option: 'name', value: 'a\u001b[31mb' },
      { option: 'name', value: long(65) },
      { option: 'name', value: 'TinMan' },
    ],
    type: [
      { option: 'type', value: '' },
      { option: 'type', value: 'vm' },
      { option: 'type', value: 'OS' },
      { option: 'type', value: 'cloud ' },
      { option: 'type', value: 'os,cloud' },
      { option: 'type', value: 'cloud\n' },
    ],
    targets: [
      { option: 'targets', value: '' },
      { option: 'targets', value: ',' },
      { option: 'targets', value: 'a,,b' },
      { option: 'targets', value: 'a,a' },
      { option: 'targets', value: 'a:b', with: { type: 'cloud' } },
      { option: 'targets', value: 'has space' },
      { option: 'targets', value: 'tab\there' },
      { option: 'targets', value: 'bell\u0007' },
      { option: 'targets', value: 'two\nlines' },
      { option: 'targets', value: long(101) },
      { option: 'targets', value: 'a:b:c:d', with: { type: 'os' } },
      { option: 'targets', value: ':1.0', with: { type: 'os' } },
      { option: 'targets', value: 'RHEL-7::x86_64', with: { type: 'os' } },
    ],
    description: [
      { option: 'description', value: 'two\nlines' },
      { option: 'description', value: 'carriage\rreturn' },
      { option: 'description', value: 'line\u2028separator' },
      { option: 'description', value: 'bell\u0007' },
      { option: 'description', value: 'escape \u001b[2J' },
      { option: 'description', value: 'delete\u007f' },
      { option: 'description', value: long(16385), label: '16385 characters' },
    ],
    'maintainer-name': [
      { option: 'maintainer-name', value: 'Ada\nLovelace' },
      { option: 'maintainer-name', value: 'Ada\u0001' },
      { option: 'maintainer-name', value: 'Ada\u2029' },
      { option: 'maintainer-name', value: long(201), label: '201 characters' },
    ],
    'maintainer-email': [
      { option: 'maintainer-email', value: 'nobody' },
      { option: 'maintainer-email', value: 'a@b' },
      { option: 'maintainer-email', value: '@example.org' },
      { option: 'maintainer-email', value: 'a@@example.org' },
      { option: 'maintainer-email', value: 'a b@example.org' },
      { option: 'maintainer-email', value: '<a@example.org>' },
      { option: 'maintainer-email', value: 'Ada <a@example.org>' },
      { option: 'maintainer-email', value: 'a@example.org\n' },
      { option: 'maintainer-email', value: `${long(250)}@example.org`, label: '262 characters' },
    ],
    'maintainer-url': [
      { option: 'maintainer-url', value: 'example.org' },
      { option: 'maintainer-url', value: 'ftp://example.org' },
      { option: 'maintainer-url', value: 'javascript:alert(1)' },
      { option: 'maintainer-url', value: 'file:///etc/passwd' },
      { option: 'maintainer-url', value: 'http://' },
      { option: 'maintainer-url', value: 'https://example.org/a b' },
      { option: 'maintainer-url', value: 'https://example.org/\n' },
      { option: 'maintainer-url', value: 'https://example.org/\u0007' },
      { option: 'maintainer-url', value: 'https://example.org/next\u0085line' },
      { option: 'maintainer-url', value: `https://example.org/${long(2000)}`, label: '2020 characters' },
    ],
    'plugin-version': [
      { option: 'plugin-version', value: '' },
      { option: 'plugin-version', value: '1.0-beta' },
      { option: 'plugin-version', value: 'v1' },
      { option: 'plugin-version', value: '01.0' },
      { option: 'plugin-version', value: '1..0' },
      { option: 'plugin-version', value: ' 1.0' },
      { option: 'plugin-version', value: 'latest' },
      { option: 'plugin-version', value: '1.0\n' },
    ],
    license: [
      { option: 'license', value: '' },
      { option: 'license', value: '   ' },
      { option: 'license', value: 'MIT\nGPL' },
      { option: 'license', value: 'MIT\u0001' },
      { option: 'license', value: long(501), label: '501 characters' },
    ],
    'class-name': [
      { option: 'class-name', value: '' },
      { option: 'class-name', value: '9x' },
      { option: 'class-name', value: 'my-class' },
      { option: 'class-name', value: 'a.b' },
      { option: 'class-name', value: '../x' },
      { option: 'class-name', value: 'import' },
      { option: 'class-name', value: '__init__' },
      { option: 'class-name', value: long(65) },
    ],
    'changelog-date': [
      { option: 'changelog-date', value: '' },
      { option: 'changelog-date', value: 'tomorrow' },
      { option: 'changelog-date', value: '2025-02-30' },
      { option: 'changelog-date', value: '2025-13-01' },
      { option: 'changelog-date', value: '2025-1-1' },
      { option: 'changelog-date', value: '29.11.2025' },
    ],
    templates: [
      { option: 'templates', value: '' },
      { option: 'templates', value: 'no-such-folder' },
      { option: 'templates', value: '../no/such/folder' },
      { option: 'templates', value: '/etc/passwd' },
    ],
    destination: [
      { option: 'destination', positionals: [''], mention: /^destination: / },
      { option: 'destination', positionals: ['/etc/passwd'], mention: /^destination \/etc\/passwd: exists and is not a folder/ },
      { option: 'destination', positionals: ['/etc/passwd/sub'], mention: /^\/etc\/passwd is a file where ifplugin needs a folder/ },
      { option: 'destination', positionals: ['one', 'two'], mention: /^unexpected argument 'two'/ },
    ],
  },
  delegate: {
    'class-name': [
      { option: 'class-name', value: '' },
      { option: 'class-name', value: '9x' },
      { option: 'class-name', value: 'my-class' },
      { option: 'class-name', value: 'a/b' },
      { option: 'class-name', value: '../x' },
      { option: 'class-name', value: 'import' },
      { option: 'class-name', value: 'delegate_class' },
      { option: 'class-name', value: 'a\nb' },
      { option: 'class-name', value: long(65) },
    ],
    methods: [
      { option: 'methods', value: ',' },
      { option: 'methods', value: 'push_image_to_provider,,delete_from_provider' },
      { option: 'methods', value: 'no_such_method' },
      { option: 'methods', value: 'create_base_image' },
      { option: 'methods', value: 'push_image_to_provider,push_image_to_provider' },
      { option: 'methods', value: 'push_image_to_provider\u0007' },
    ],
    name: [
      { option: 'name', value: '' },
      { option: 'name', value: '9x' },
      { option: 'name', value: '../evil' },
      { option: 'name', value: 'class', states: ['new'] },
      { option: 'name', value: 'Other', states: ['plugin'] },
      { option: 'name', raw: [], states: ['new'], label: 'left out, with --type, outside a plugin' },
    ],
    type: [
      { option: 'type', value: '' },
      { option: 'type', value: 'vm' },
      { option: 'type', value: 'os', states: ['plugin'] },
      { option: 'type', raw: [], states: ['new'], label: 'left out, with --name, outside a plugin' },
    ],
    templates: [
      { option: 'templates', value: '' },
      { option: 'templates', value: 'no-such-folder' },
      { option: 'templates', value: '/etc/passwd' },
    ],
  },
  templates: {
    only: [
      { option: 'only', value: '' },
      { option: 'only', value: ',' },
      { option: 'only', value: 'no-such.ejs' },
      { option: 'only', value: '../app/README.md.ejs' },
      { option: 'only', value: 'README.md.ejs\u0007' },
      { option: 'only', value: '__init__.py.ejs' },
    ],
    dir: [
      { option: 'dir', positionals: ['/etc/passwd'], mention: /\/etc\/passwd/ },
      { option: 'dir', positionals: ['/etc/passwd/sub'], mention: /\/etc\/passwd/ },
      { option: 'dir', positionals: ['one', 'two'], mention: /^unexpected argument 'two'/ },
    ],
  },
  validate: {
    python: [
      { option: 'python', value: '' },
      { option: 'python', value: '/no/such/python3' },
      { option: 'python', value: '/bin/false', mention: /^--python \/bin\/false: \/bin\/false is not a working Python: it exited with status 1 \(see ifplugin validate --help\)$/ },
      { option: 'python', value: '/etc/passwd' },
    ],
    PATH: [
      { option: 'PATH', positionals: ['-', '.'], mention: /^- \(a \.info read from stdin\) goes alone/ },
      { option: 'PATH', positionals: ['no-such-path'], mention: /^no-such-path: no such file or folder/ },
      { option: 'PATH', positionals: ['two\nlines'], mention: /^two\\nlines: no such file or folder/ },
      { option: 'PATH', positionals: ['/etc/passwd'], mention: /^\/etc\/passwd: not a \.info file or a folder/ },
    ],
    // Refused before any folder is read: the plugin state is enough.
    format: [
      { option: 'format', value: '', states: ['plugin'] },
      { option: 'format', value: 'xml', mention: /^--format xml: the formats are text, json, sarif, github/, states: ['plugin'] },
      { option: 'format', value: 'SARIF', states: ['plugin'] },
      { option: 'format', value: 'sarif', with: { json: true }, mention: /^--json and --format sarif contradict each other/, states: ['plugin'] },
    ],
    select: [
      { option: 'select', value: '', states: ['plugin'] },
      { option: 'select', value: 'info-targ', mention: /^--select: no rule is named 'info-targ'/, states: ['plugin'] },
      { option: 'select', value: 'info,,py', states: ['plugin'] },
      { option: 'select', value: 'INFO', states: ['plugin'] },
    ],
    ignore: [
      { option: 'ignore', value: 'nosuchrule', states: ['plugin'] },
      { option: 'ignore', value: ',', states: ['plugin'] },
    ],
    'max-warnings': [
      { option: 'max-warnings', value: '', states: ['plugin'] },
      { option: 'max-warnings', value: '-1', mention: /^--max-warnings -1: give a whole number of 0 or more/, states: ['plugin'] },
      { option: 'max-warnings', value: 'ten', states: ['plugin'] },
      { option: 'max-warnings', value: '1e3', states: ['plugin'] },
    ],
    'stdin-filename': [
      { option: 'stdin-filename', value: 'x.info', mention: /^--stdin-filename names the \.info read from stdin: it goes with -/, states: ['plugin'] },
      { option: 'stdin-filename', value: 'x.py', positionals: ['-'], mention: /^--stdin-filename x\.py: validate reads only a \.info from stdin/, states: ['plugin'] },
      { option: 'stdin-filename', value: '', positionals: ['-'], states: ['plugin'] },
    ],
  },
};

/** The cases every option gets from its declaration alone. */
function genericCases(command: Command): Case[] {
  const cases: Case[] = [];
  const other = command.name === 'validate' ? '--json' : '--force';
  for (const flag of command.flags) {
    const o = flag.name;
    if (o === 'debug') {
      // --debug given twice is still --debug, which prints the stack trace on purpose.
      cases.push({ option: o, raw: ['--debug=yes'], label: '--debug=yes', mention: /--debug takes no value/ });
    } else if (flag.type === 'string') {
      cases.push({ option: o, raw: [`--${o}`], label: 'missing value', mention: new RegExp(`--${o} needs a value`) });
      cases.push({ option: o, raw: [`--${o}`, other], label: `missing value before ${other}`, mention: new RegExp(`--${o} needs a value`) });
      cases.push({ option: o, raw: [`--${o}`, 'a', `--${o}`, 'b'], label: 'given twice', mention: new RegExp(`--${o} is given twice`) });
      if (flag.negatable) {
        cases.push({ option: o, raw: [`--${o}`, 'a', `--no-${o}`], label: `--${o} --no-${o}`, mention: new RegExp(`--${o} and --no-${o} are both given`) });
      } else {
        cases.push({ option: o, raw: [`--no-${o}`], label: `--no-${o}`, mention: new RegExp(`unknown option '?--no-${o}`) });
      }
    } else {
      cases.push({ option: o, raw: [`--${o}=yes`], label: `--${o}=yes`, mention: new RegExp(`--${o} takes no value`) });
      cases.push({ option: o, raw: [`--${o}`, `--${o}`], label: 'given twice', mention: new RegExp(`--${o} is given twice`) });
      cases.push({ option: o, raw: [`--${o}`, `--no-${o}`], label: `--${o} --no-${o}`, mention: new RegExp(`--${o} and --no-${o} are both given`) });
    }
  }
  for (const unknown of ['--bogus', '-Z', '--NAME', `--${command.flags[0].name}s`]) {
    cases.push({ option: '(unknown options)', raw: [unknown], label: unknown, mention: new RegExp(`unknown option '?${unknown}`) });
  }
  if (command.name !== 'validate') {
    cases.push({ option: '(conflicting flags)', raw: ['--yes', '--interactive'], with: { yes: undefined }, label: '--yes --interactive', mention: /--yes and --interactive contradict/ });
  }
  return cases.filter((c) => command.name !== 'templates' || c.option !== '(conflicting flags)').map((c) => ({ ...c, generic: true }));
}

function argsFor(command: Command, state: State, c: Case): string[] {
  const flags: Record<string, string | true> = { ...state.base.flags };
  delete flags[c.option];
  for (const [k, v] of Object.entries(c.with ?? {})) {
    if (v === undefined) delete flags[k];
    else flags[k] = v;
  }
  if (c.value !== undefined) flags[c.option] = c.value;
  const args: string[] = command.name ? [command.name] : [];
  for (const [k, v] of Object.entries(flags)) {
    if (v === true) args.push(`--${k}`);
    else if (v.startsWith('-')) args.push(`--${k}=${v}`);
    else args.push(`--${k}`, v);
  }
  args.push(...(c.positionals ?? state.base.positionals));
  args.push(...(c.raw ?? []));
  return args;
}

interface Outcome {
  command: Command;
  state: State;
  c: Case;
  result: RunResult;
  changes: string[];
  tmp: string[];
}

const show = (s: string) => (s.length > 40 ? `${JSON.stringify(s.slice(0, 30))}... (${s.length} chars)` : JSON.stringify(s));

describe('hardening: bad input to every option of every command', function () {
  this.timeout(240000);
  const outcomes: Outcome[] = [];

  // Every case runs in one process through the bin's main() (test/support/main-batch.mjs), each in a folder of its
  // own; one case per option (the first) also runs through the real bin, which must give the same result.
  const sampled: { outcome: Outcome; bin: RunResult; changes: string[] }[] = [];

  before(async function () {
    const planned: { command: Command; state: State; c: Case; dir: string; args: string[]; before: Map<string, Entry> }[] = [];
    for (const command of COMMANDS) {
      const specific = Object.values(INVALID[command.name]).flat();
      for (const c of [...specific, ...genericCases(command)]) {
        for (const state of command.states) {
          if (c.states && !c.states.includes(state.name)) continue;
          // A case the parser refuses never reads the folder: it runs where a plugin is, the state that matters.
          if (c.generic && state.name !== 'plugin') continue;
          const dir = state.make();
          planned.push({ command, state, c, dir, args: argsFor(command, state, c), before: snapshot(dir) });
        }
      }
    }
    const work = tempDir('ifplugin-hardening-batch-');
    writeFileSync(join(work, 'cases.json'), JSON.stringify(planned.map(({ args, dir }) => ({ args, cwd: dir }))));
    const batch = spawnSync(process.execPath, [BATCH, join(work, 'cases.json'), join(work, 'results.json')], {
      stdio: ['ignore', 'pipe', 'pipe'], encoding: 'utf8', timeout: 180000,
      env: { ...process.env, IFPLUGIN_TEMPLATES: '', IFPLUGIN_DEBUG: '', FORCE_COLOR: '0' },
    });
    assert.equal(batch.status, 0, `the batch failed: ${batch.stderr}${batch.error ?? ''}`);
    assert.equal(batch.stdout + batch.stderr, '', 'the batch process printed something itself');
    const results: RunResult[] = JSON.parse(readFileSync(join(work, 'results.json'), 'utf8'));
    planned.forEach((p, i) => {
      outcomes.push({ command: p.command, state: p.state, c: p.c, result: results[i], changes: treeChanges(p.before, snapshot(p.dir)), tmp: leftovers(p.dir) });
    });
    const seen = new Set<string>();
    const samples = outcomes.filter((o) => {
      const key = `${o.command.name}|${o.c.option}|${o.state.name}`;
      return !seen.has(key) && Boolean(seen.add(key));
    });
    sampled.push(...(await pool(samples.map((outcome) => async () => {
      const dir = outcome.state.make();
      const before = snapshot(dir);
      const bin = await runBin(outcome.result.args, dir, { timeout: 20000 });
      return { outcome, bin, changes: [...treeChanges(before, snapshot(dir)), ...leftovers(dir)] };
    }), 4)));
  });

  it('gives the same exit status and output through the real bin (stdin closed, no terminal), one case per option', () => {
    assert.ok(sampled.length >= COMMANDS.length);
    const differ = sampled.filter(({ outcome: { result }, bin, changes }) =>
      bin.status !== result.status || bin.stdout !== result.stdout || bin.stderr !== result.stderr || bin.timedOut || changes.length);
    assert.deepEqual(differ.map(({ outcome, bin, changes }) => ({ args: bin.args, batch: outcome.result.stderr, bin: bin.stderr, status: [outcome.result.status, bin.status], changes })), []);
  });

  it('has invalid values of its own for every text option and positional of every command', () => {
    const missing: string[] = [];
    for (const command of COMMANDS) {
      const names = [...command.flags.filter((f) => f.type === 'string').map((f) => f.name), ...command.positionals];
      for (const name of names) if (!INVALID[command.name][name]?.length) missing.push(`ifplugin ${command.name || 'app'} ${name}`);
    }
    assert.deepEqual(missing, [], 'add invalid values for these to INVALID in this file');
  });

  for (const command of COMMANDS) {
    const title = command.name || 'app';
    it(`ifplugin ${title}: every invalid value exits non-zero with one line naming the option, asks nothing, writes nothing`, () => {
      const failures: string[] = [];
      const mine = outcomes.filter((o) => o.command === command);
      assert.ok(mine.length > 0);
      for (const { state, c, result, changes, tmp } of mine) {
        const where = `[${state.name}] ifplugin ${result.args.map(show).join(' ')}${c.label ? ` (${c.label})` : ''}`;
        try {
          assert.ok(!result.timedOut, 'timed out: it waited for something');
          assert.notEqual(result.status, 0, `exit 0; stdout:\n${result.stdout}`);
          assert.equal(result.signal, null);
          if (command.name === 'validate') assert.equal(result.status, 2, 'validate exits 2 for bad usage');
          assert.equal(result.stdout, '', 'printed (or asked) something on stdout');
          const line = oneLineError(result, command.name);
          const mention = c.mention ?? new RegExp(`--${c.option.replace(/[-]/g, '\\-')}\\b`);
          assert.match(line, mention, 'the message does not name the option');
          // Past the option, the line says what is wrong and what to do: more than a few words.
          assert.ok(line.length >= 25, `too short to say what is allowed: ${line}`);
          assert.deepEqual(changes, [], 'the folder changed');
          assert.deepEqual(tmp, [], 'temporary files left behind');
        } catch (e) {
          failures.push(`${where}\n    ${(e as Error).message.split('\n').join('\n    ')}\n    stderr: ${result.stderr.slice(0, 300)}`);
        }
      }
      assert.deepEqual(failures, [], `${failures.length} case(s) failed:\n${failures.join('\n')}`);
    });
  }

  it('prints the stack trace only with --debug', async () => {
    const dir = empty();
    const plain = await runBin(['--yes', '--name', '9x'], dir);
    assert.doesNotMatch(plain.stderr, /^\s+at /m);
    const debug = await runBin(['--yes', '--name', '9x', '--debug'], dir);
    assert.match(debug.stderr, /^InputError: --name: "9x" is not a valid plugin name/m);
    assert.match(debug.stderr, /^\s+at /m);
    assert.match(debug.stderr, /^ifplugin: --name: "9x" is not a valid plugin name: it must start with a letter or underscore$/m);
  });

  it('shows a value with line breaks or terminal escapes on one line, escaped, and cuts a long one', async () => {
    const dir = empty();
    const r = await runBin(['--yes', '--name', 'a\nb\u001b[2J\u202e'], dir);
    assert.equal(r.stderr, 'ifplugin: --name: "a\\nb\\u001b[2J\\u202e" is not a valid plugin name: it may contain only ASCII letters, digits and underscores\n');
    const longName = await runBin(['--yes', '--name', long(5000)], dir);
    assert.equal(longName.stderr, `ifplugin: --name: "${long(57)}..." is not a valid plugin name: it is longer than 64 characters\n`);
  });

  it('does not take the next option as a missing value, and takes --option=-value', async () => {
    const dir = empty();
    const r = await runBin(['--yes', '--type', 'cloud', '--targets', 'x', '--description', '--force'], dir);
    assert.equal(r.stderr, 'ifplugin: --description needs a value (to give one starting with "-", write --description=--force) (see ifplugin --help)\n');
    const ok = await runBin(['--yes', '--type', 'cloud', '--targets', 'x', '--name', 'Dash', '--description=- a dash first', '--dry-run'], dir);
    assert.equal(ok.status, 0, ok.stderr);
  });

  it('refuses a stored answer of the wrong type in .yo-rc.json, naming the file, the key and the option', async () => {
    for (const [value, kind] of [[5, 'a number'], [['x'], 'a list'], [{ a: 1 }, 'an object']] as const) {
      const dir = project();
      const rc = join(dir, '.yo-rc.json');
      const stored = JSON.parse(readFileSync(rc, 'utf8'));
      stored['generator-ifplugin'].description = value;
      writeFileSync(rc, JSON.stringify(stored));
      const before = snapshot(dir);
      const r = await runBin(['--yes', '--force'], dir);
      assert.equal(r.stderr, `ifplugin: .yo-rc.json: "generator-ifplugin"."description" is ${kind}, not text (the answer to --description): fix it or remove it\n`);
      assert.deepEqual(treeChanges(before, snapshot(dir)), []);
    }
  });

  it('counts the cases (for the closing note)', function () {
    // Per option: the invalid inputs tried, and the runs (an input runs in each folder state it applies to).
    const counts = new Map<string, { inputs: Set<Case>; runs: number }>();
    for (const { command, c } of outcomes) {
      const key = `${command.name || 'app'} ${command.flags.some((f) => f.name === c.option) ? `--${c.option}` : c.option}`;
      const entry = counts.get(key) ?? { inputs: new Set(), runs: 0 };
      entry.inputs.add(c);
      entry.runs++;
      counts.set(key, entry);
    }
    const inputs = new Set(outcomes.map((o) => o.c)).size;
    const lines = [...counts].map(([k, n]) => `${k} ${n.inputs.size} (${n.runs})`);
    console.log(`      hardening-input: ${inputs} invalid inputs, ${outcomes.length} runs (values in an empty folder and in a plugin; ` +
      `parser cases in a plugin), ${sampled.length} of them also through the real bin`);
    console.log(`      invalid inputs per option (runs): ${lines.join(', ')}`);
    // Every option of every command has cases of its own, generic ones at least, and every case ran.
    for (const command of COMMANDS) {
      for (const flag of command.flags) assert.ok(counts.has(`${command.name || 'app'} --${flag.name}`), `no case for ${command.name || 'app'} --${flag.name}`);
    }
    assert.ok(inputs >= 300, `only ${inputs} invalid inputs`);
  });
});
