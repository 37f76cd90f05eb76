// The prompts through a real pseudo-terminal: tmux runs the bin in a 200x50 pane, and the test types like a
// person (send-keys) and reads the screen (capture-pane). Every question of `ifplugin` (app) is answered, one of
// them wrongly first, which must be explained and asked again; the resulting plugin's tests must pass. Ctrl-C
// at a prompt must end the run (exit 130) with nothing written. Skipped, saying so, only when tmux is missing
// (.ci/run installs it).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { BIN, tempDir } from './support/cli.js';
import { assertUnchanged, projectCopy, snapshot } from './support/hardening.js';
import { pluginTestsPassed, pythonEnvs, runPluginTests } from './support/python.js';
import { ensureYo, yoWorkspace } from './support/yo.js';

const hasTmux = spawnSync('tmux', ['-V']).status === 0;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
let sessions = 0;

/** One tmux server of our own (its own socket), running one command in a 200x50 pane. */
class Terminal {
  private readonly socket = `ifplugin-test-${process.pid}-${++sessions}`;
  readonly exitFile: string;

  /** `command`: what runs, the bin by default; `env`: variables set for it (yo's workspace). */
  constructor(cwd: string, args: string[], command = [process.execPath, BIN], env: Record<string, string> = {}) {
    this.exitFile = join(tempDir('ifplugin-tty-'), 'exit');
    const quote = (s: string) => `'${s.replace(/'/g, "'\\''")}'`;
    const vars = Object.entries(env).map(([k, v]) => `${k}=${quote(v)} `).join('');
    // The pane stays open after the command (sleep), so that its last screen can be read.
    const script = `${vars}${[...command, ...args].map(quote).join(' ')}; status=$?; echo "IFPLUGIN_EXIT=$status"; ` +
      `echo $status > ${quote(this.exitFile)}; sleep 600`;
    this.tmux('new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', '-c', cwd, script);
  }

  tmux(...args: string[]): string {
    const r = spawnSync('tmux', ['-L', this.socket, ...args], { encoding: 'utf8', env: { ...process.env, TMUX: '' } });
    assert.equal(r.status, 0, `tmux ${args.join(' ')}: ${r.stderr}`);
    return r.stdout;
  }

  screen(): string {
    return this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
  }

  async waitFor(what: string, test: (screen: string) => boolean, timeout = 15000): Promise<string> {
    const end = Date.now() + timeout;
    for (;;) {
      const screen = this.screen();
      if (test(screen)) return screen;
      if (Date.now() > end) assert.fail(`waited ${timeout} ms for ${what}; the screen:\n${screen}`);
      await sleep(50);
    }
  }

  /** Types `text` (literally) and Enter. */
  async type(text: string): Promise<void> {
    await sleep(80); // let readline take the terminal before the keys arrive
    if (text) this.tmux('send-keys', '-t', 'main', '-l', text);
    this.tmux('send-keys', '-t', 'main', 'Enter');
  }

  keys(...keys: string[]): void {
    this.tmux('send-keys', '-t', 'main', ...keys);
  }

  async exitStatus(): Promise<number> {
    await this.waitFor('the command to end', () => existsSync(this.exitFile));
    return Number(readFileSync(this.exitFile, 'utf8').trim());
  }

  close(): void {
    spawnSync('tmux', ['-L', this.socket, 'kill-server']);
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

// What a person types at each question of the app command, by input key: first a wrong answer where there
// is one (explained and asked again), then the right one. '' is Enter: the default.
const TYPED: Record<string, string[]> = {
  name: ['9bad', 'TtyPlugin'],
  type: ['vm', '2'],
  targets: ['Fedora,Ubuntu:22.04'],
  description: [`A "quoted" <%- x %> description's`],
  maintainerName: ['Ada Lovelace'],
  maintainerEmail: ['nobody', 'ada@example.org'],
  maintainerUrl: [''],
  pluginVersion: ['2.0'],
  license: ['MIT'],
  className: [''],
  rpm: ['y'],
};
const EXPLAINED = [
  '>> "9bad" is not a valid plugin name: it must start with a letter or underscore',
  '>> "vm" is not one of the choices: type its number or name',
  '>> "nobody" is not an e-mail address like name@example.org',
];

describe('hardening: the prompts in a real terminal (tmux)', function () {
  this.timeout(120000);
  const terminals: Terminal[] = [];
  const open = (cwd: string, args: string[], command?: string[], env?: Record<string, string>) => {
    const t = new Terminal(cwd, args, command, env);
    terminals.push(t);
    return t;
  };

  before(function () {
    if (!hasTmux) {
      process.stderr.write('      (skipped: tmux is not installed; on Debian: apt-get install tmux, as .ci/run does)\n');
      this.skip();
    }
  });
  afterEach(() => {
    for (const t of terminals.splice(0)) t.close();
  });

  it('asks every question of ifplugin, explains a wrong answer and asks again, and writes a plugin whose tests pass', async function () {
    const dir = tempDir('ifplugin-tty-');
    const t = open(dir, []);
    // The answers so far, typed as the command holds them, and as text as .yo-rc.json keeps them.
    const answers: Record<string, unknown> = {};
    const texts: Record<string, unknown> = {};
    const asked: string[] = [];
    let explained = 0;
    for (const input of APP_INPUTS) {
      if (input.asked === false) continue;
      const typed = TYPED[input.key];
      assert.ok(typed, `no answer for the question ${input.key}: add one to TYPED`);
      const question = `? ${input.message(answers)}`;
      await t.waitFor(`"${question}"`, (s) => s.includes(question));
      for (const [i, text] of typed.entries()) {
        // A wrong answer is explained (a ">>" line), and the question, or its input line, is asked again.
        if (i > 0) await t.waitFor(`an explanation of ${JSON.stringify(typed[i - 1])}`, (s) => count(s, '  >> ') > explained);
        explained = count(t.screen(), '  >> ');
        await t.type(text);
      }
      asked.push(input.key);
      // The answer as the question turns it into text (a number picks a choice; Enter the default).
      const last = typed[typed.length - 1];
      const choices = Array.isArray(input.choices) ? input.choices : undefined;
      const text = input.kind === 'confirm' ? String(/^y/i.test(last))
        : choices && /^\d+$/.test(last) ? choices[Number(last) - 1].value
        : last === '' ? input.format(input.default(answers, { git: () => undefined })) : last;
      answers[input.key] = input.parse(text, answers, { git: () => undefined });
      texts[input.key] = input.kind === 'confirm' ? answers[input.key] : text;
    }
    assert.equal(await t.exitStatus(), 0, t.screen());
    const screen = t.screen();
    for (const line of EXPLAINED) assert.ok(screen.includes(line), `not explained: ${line}\n${screen}`);
    assert.match(screen, /Created the os plugin TtyPlugin in TtyPlugin /);
    assert.equal(/\bWarning\b|\bError\b|^\s+at /m.exec(screen)?.[0], undefined, `a warning or an error on the screen:\n${screen}`);
    assert.deepEqual(Object.keys(TYPED).sort(), asked.sort(), 'an answer in TYPED was never asked for');

    const project = join(dir, 'TtyPlugin');
    const info = JSON.parse(readFileSync(join(project, 'src/TtyPlugin/TtyPlugin.info'), 'utf8'));
    assert.deepEqual(info, {
      type: 'os',
      targets: [['Fedora', null, null], ['Ubuntu', '22.04', null]],
      description: `A "quoted" <%- x %> description's`,
      maintainer: { name: 'Ada Lovelace', email: 'ada@example.org' },
      version: '2.0',
      license: 'MIT',
    });
    assert.ok(existsSync(join(project, 'src/TtyPlugin/TtyPlugin.py')));
    assert.ok(existsSync(join(project, 'python3-imagefactory-plugin-ttyplugin.spec')));
    const stored = JSON.parse(readFileSync(join(project, '.yo-rc.json'), 'utf8'))['generator-ifplugin'];
    for (const key of Object.keys(TYPED)) assert.equal(stored[key], texts[key], key);

    const env = pythonEnvs()[0];
    if (!env) return;
    const r = runPluginTests(env, project);
    assert.ok(pluginTestsPassed(r), r.stderr);
  });

  it('Ctrl-C at a prompt ends the run (exit 130), on a line of its own, and writes nothing', async () => {
    for (const answered of [0, 3]) {
      const dir = tempDir('ifplugin-tty-');
      const before = snapshot(dir);
      const t = open(dir, []);
      const questions = APP_INPUTS.slice(0, answered + 1).map((i) => `? ${i.message({ type: 'cloud', name: 'Cancelled' })}`);
      for (const [i, q] of questions.entries()) {
        await t.waitFor(q, (s) => s.includes(q));
        if (i < answered) await t.type(['Cancelled', '1', 'x'][i]);
      }
      await sleep(100);
      t.keys('C-c');
      assert.equal(await t.exitStatus(), 130);
      assert.match(t.screen(), /^ifplugin: cancelled at a question: nothing was written$/m);
      assertUnchanged(before, dir, 'Ctrl-C');
    }
  });

  it('yo ifplugin: Ctrl-C at a prompt ends the run with the same line and exit status, and writes nothing', async function () {
    const { yo } = ensureYo();
    if (!yo) this.skip();
    const { work, env } = yoWorkspace('ifplugin-tty-yo-');
    const before = snapshot(work);
    const only = (k: string) => String(env[k]);
    const t = open(work, ['ifplugin'], [yo!], { HOME: only('HOME'), NO_UPDATE_NOTIFIER: '1', FORCE_COLOR: '0', NODE_OPTIONS: only('NODE_OPTIONS') });
    const first = `? ${APP_INPUTS[0].message({})}`;
    await t.waitFor(first, (s) => s.includes(first), 30000);
    await sleep(100);
    t.keys('C-c');
    assert.equal(await t.exitStatus(), 130);
    assert.match(t.screen(), /^cancelled at a question: nothing was written$/m);
    assertUnchanged(before, work, 'Ctrl-C under yo');
  });

  it('in a plugin with a line both the author and the new answers change: asks; Ctrl-C writes nothing, "d" shows the diff, "y" overwrites', async () => {
    for (const key of ['C-c', 'y']) {
      const { dir, project } = projectCopy(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x'], 'Example');
      const info = join(project, 'src/Example/Example.info');
      writeFileSync(info, readFileSync(info, 'utf8').replace('"version": "1.0"', '"version": "1.0.mine"'));
      const before = snapshot(dir);
      // A new version, given as an option: it changes the line the author changed.
      const t = open(project, ['--plugin-version', '2.0']);
      // Enter at every other question: the answers stored in .yo-rc.json are the defaults.
      let answered = 0;
      for (const input of APP_INPUTS) {
        if (input.asked === false || input.key === 'pluginVersion') continue;
        const q = `? ${input.message({ type: 'cloud', name: 'Example' })}`;
        await t.waitFor(q, (s) => s.includes(q));
        await t.type('');
        answered++;
      }
      const question = /^\? src\/Example\/Example\.info was changed since ifplugin wrote it, and ifplugin would change the same lines \(line \d+\)\. What now\?$/gm;
      const asked = (s: string) => (s.match(question) ?? []).length;
      const screen = await t.waitFor('the question about the .info', (s) => asked(s) > 0);
      assert.match(screen, /^ {2}\* n\) keep yours, without ifplugin's changes$/m);
      if (key === 'C-c') {
        await sleep(100);
        t.keys('C-c');
        assert.equal(await t.exitStatus(), 130);
        assertUnchanged(before, dir, 'Ctrl-C at the conflict question');
      } else {
        await t.type('d');
        await t.waitFor('the differences', (s) => /^- {4}"version": "1\.0\.mine",$/m.test(s) && asked(s) > 1);
        await t.type('y');
        assert.equal(await t.exitStatus(), 0, t.screen());
        assert.match(readFileSync(info, 'utf8'), /"version": "2\.0"/);
      }
      assert.ok(answered >= 9);
    }
  });

  it('ifplugin delegate: a class name, methods picked by number in the checkbox list, and --export by yes', async () => {
    const { project } = projectCopy(['--yes', '--name', 'Example', '--type', 'cloud', '--targets', 'x'], 'Example');
    const t = open(project, ['delegate']);
    await t.waitFor('the class name question', (s) => s.includes('? Delegate class name'));
    await t.type('Mirror');
    await t.waitFor('the methods question', (s) => s.includes('numbers or names, comma-separated'));
    await t.type('1,delete_from_provider');
    await t.waitFor('the export question', (s) => s.includes("? Make Mirror the plugin's delegate_class"));
    await t.type('y');
    assert.equal(await t.exitStatus(), 0, t.screen());
    assert.match(readFileSync(join(project, 'src/Example/__init__.py'), 'utf8'), /^from \.Mirror import Mirror as delegate_class  # noqa: F401$/m);
    const module = readFileSync(join(project, 'src/Example/Mirror.py'), 'utf8');
    assert.match(module, /def push_image_to_provider/);
    assert.match(module, /def delete_from_provider/);
    const env = pythonEnvs()[0];
    if (env) assert.equal(runPluginTests(env, project).status, 0);
  });
});
