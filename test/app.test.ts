// The app generator through yeoman-test: the option path and the prompt path, for OS and cloud plugins.
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import helpers, { result } from 'yeoman-test';
import AppGenerator from '../generators/app/index.js';
import { APP_INPUTS } from '../lib/inputs/inputs.js';
import { captureOutput } from './support/capture.js';
import { ifplugin, tempDir } from './support/cli.js';
import { readTree } from './support/tree.js';

const run = () =>
  helpers.run(AppGenerator, { resolved: join(import.meta.dirname, '../generators/app/index.ts'), namespace: 'ifplugin:app' });

const CLOUD = { name: 'Example', type: 'cloud', targets: 'vsphere4,vsphere5', maintainerName: 'Ada', maintainerEmail: 'ada@example.org' };
const OS = {
  name: 'MyOS', type: 'os', targets: 'Fedora,Ubuntu:22.04,RHEL-7:7.9:x86_64', description: 'My OS "builder"',
  maintainerName: 'Ada', maintainerEmail: 'ada@example.org', maintainerUrl: 'https://example.org/os',
  pluginVersion: '2.1rc1', license: 'MIT', className: 'MyOSDelegate',
};
// yeoman-test passes options as the CLI does: by option name.
const asOptions = (answers: Record<string, string>) =>
  Object.fromEntries(APP_INPUTS.filter((i) => answers[i.key] !== undefined).map((i) => [i.option, answers[i.key]]));

async function rejection(p: Promise<unknown>): Promise<string> {
  try {
    await p;
  } catch (e) {
    return (e as Error).message;
  }
  assert.fail('the run succeeded');
}

describe('app generator', function () {
  this.timeout(20000);

  it('writes a complete cloud plugin project from options', async () => {
    await run().withOptions({ yes: true, ...asOptions(CLOUD) } as never);
    assert.deepEqual(Object.keys(readTree(join(result.cwd, 'Example'))).sort(), [
      '.gitignore', '.yo-rc.json', 'MANIFEST.in', 'Makefile', 'README.md', 'pyproject.toml', 'setup.py',
      'src/Example/Example.info', 'src/Example/Example.py', 'src/Example/__init__.py',
      'tests/__init__.py', 'tests/imagefactory_builder.py', 'tests/imagefactory_env.py', 'tests/test_Example.py', 'tests/test_builder.py',
      'tests/test_info.py', 'tests/test_loader.py',
    ]);
    result.assertFileContent('Example/src/Example/__init__.py', 'from .Example import Example as delegate_class  # noqa: F401\n');
    const info = JSON.parse(readFileSync(join(result.cwd, 'Example/src/Example/Example.info'), 'utf8'));
    assert.deepEqual(info, {
      type: 'cloud',
      targets: [['vsphere4'], ['vsphere5']],
      description: 'ImageFactory cloud plugin for vsphere4, vsphere5',
      maintainer: { name: 'Ada', email: 'ada@example.org' },
      version: '1.0',
      license: 'Apache-2.0',
    });
    const delegate = readFileSync(join(result.cwd, 'Example/src/Example/Example.py'), 'utf8');
    assert.match(delegate, /^from zope\.interface import implementer$/m);
    assert.match(delegate, /^from imgfac\.CloudDelegate import CloudDelegate$/m);
    assert.match(delegate, /^@implementer\(CloudDelegate\)\nclass Example\(object\):$/m);
    assert.match(delegate, /def push_image_to_provider\(self, builder, provider, credentials, target,\n\s+image_id, parameters\):/);
    assert.match(delegate, /def builder_should_create_target_image[\s\S]*?return True/);
    assert.doesNotMatch(delegate, /def abort/);
    result.assertJsonFileContent('Example/.yo-rc.json', { 'generator-ifplugin': { ...CLOUD, pluginVersion: '1.0', license: 'Apache-2.0' } });
  });

  it('gives the same files from prompts as from options, for an OS plugin', async () => {
    await run().withOptions({ ...asOptions(OS) } as never);
    const fromOptions = readTree(join(result.cwd, 'MyOS'));
    await run().withOptions({ interactive: true } as never).withAnswers(OS);
    assert.deepEqual(readTree(join(result.cwd, 'MyOS')), fromOptions);
    result.assertFileContent('MyOS/src/MyOS/__init__.py', 'from .MyOSDelegate import MyOSDelegate as delegate_class  # noqa: F401\n');
    result.assertJsonFileContent('MyOS/src/MyOS/MyOS.info', {
      type: 'os',
      targets: [['Fedora', null, null], ['Ubuntu', '22.04', null], ['RHEL-7', '7.9', 'x86_64']],
      description: 'My OS "builder"',
      maintainer: { url: 'https://example.org/os' },
      version: '2.1rc1',
    });
    const delegate = readFileSync(join(result.cwd, 'MyOS/src/MyOS/MyOSDelegate.py'), 'utf8');
    assert.match(delegate, /^@implementer\(OSDelegate\)\nclass MyOSDelegate\(object\):$/m);
    for (const m of ['create_base_image(self, builder, template, parameters)', 'create_target_image(self, builder, target, image_id,', 'add_cloud_plugin_content(self, content)', 'abort(self)']) {
      assert.ok(delegate.includes(`def ${m}`), m);
    }
  });

  it('validates a typed answer exactly like an option value', async () => {
    const fromOption = await rejection(run().withOptions({ yes: true, name: 'Example', type: 'os', targets: 'RHEL-7::x86_64' } as never));
    const fromAnswer = await rejection(run().withOptions({ interactive: true } as never).withAnswers({ name: 'Example', type: 'os', targets: 'RHEL-7::x86_64' }));
    assert.match(fromOption, /^--targets: "RHEL-7::x86_64" has a wildcard version before a concrete arch/);
    assert.equal(fromAnswer, fromOption);
  });

  it('refuses the name of a stock plugin, explaining why', async () => {
    assert.equal(
      await rejection(run().withOptions({ yes: true, name: 'vSphere', type: 'cloud', targets: 'x' } as never)),
      '--name: "vSphere" is the name of ImageFactory\'s stock vSphere plugin: installing it would overwrite imagefactory_plugins/vSphere; choose another name',
    );
    assert.match(await rejection(run().withOptions({ yes: true, name: 'ec2', type: 'cloud', targets: 'x' } as never)), /stock EC2 plugin/);
    assert.match(await rejection(run().withOptions({ yes: true, name: 'class', type: 'cloud', targets: 'x' } as never)), /^--name: "class" is not a valid plugin name: it is a Python keyword$/);
  });

  it('without a terminal, names the options that are missing and asks nothing', async () => {
    const message = await rejection(run().withOptions({ interactive: false, name: 'Example' } as never));
    assert.equal(message, '--type and --targets are required when there is no terminal to ask: pass --type cloud|os --targets <targets>, or --yes to take the defaults');
  });

  it('refuses --yes with --interactive, as the bin does', async () => {
    assert.equal(
      await rejection(run().withOptions({ yes: true, interactive: true, name: 'Example', type: 'cloud', targets: 'x' } as never)),
      '--yes and --interactive contradict each other: --yes never asks (see yo ifplugin --help)',
    );
  });

  it('with --yes, takes every default: the name from the destination folder', async () => {
    await run().withArguments(['my-cloud']).withOptions({ yes: true } as never);
    result.assertJsonFileContent('my-cloud/src/my_cloud/my_cloud.info', { type: 'cloud', targets: [['my_cloud']] });
  });

  it('warns about a target a stock plugin already claims', async () => {
    const { stderr, error } = await captureOutput(() => run().withOptions({ yes: true, name: 'MyEC2', type: 'cloud', targets: 'ec2' } as never));
    assert.equal(error, undefined);
    assert.match(stderr, /^warning: --targets: target ec2 is already claimed by the stock EC2 plugin/m);
  });

  it('does not repeat a warning about a stored answer on a re-run that leaves it as it is; gives it again when it is given again', () => {
    const dir = tempDir();
    const first = ifplugin(['--yes', '--name', 'MyEC2', '--type', 'cloud', '--targets', 'ec2'], dir);
    assert.match(first.stderr, /^warning: --targets: target ec2 is already claimed/m);
    const again = ifplugin(['--plugin-version', '1.1'], join(dir, 'MyEC2'));
    assert.equal(again.status, 0, again.stderr);
    assert.doesNotMatch(again.stderr, /warning/);
    const given = ifplugin(['--targets', 'ec2'], join(dir, 'MyEC2'));
    assert.match(given.stderr, /^warning: --targets: target ec2 is already claimed/m);
  });

  describe('re-runs', () => {
    it('changes nothing over an unchanged plugin', async () => {
      const dir = tempDir();
      await run().cd(dir).withOptions({ yes: true, ...asOptions(CLOUD) } as never);
      const before = readTree(join(dir, 'Example'));
      await run().cd(dir).withOptions({ yes: true, ...asOptions(CLOUD) } as never);
      assert.deepEqual(readTree(join(dir, 'Example')), before);
    });

    it('merges the new answers into an edited file, keeps an edited file they do not change, and overwrites only with --force', async () => {
      const dir = tempDir();
      await run().cd(dir).withOptions({ yes: true, ...asOptions(CLOUD) } as never);
      // A README line of the author's own stays when the new targets change the lines that list them.
      const readme = join(dir, 'Example/README.md');
      writeFileSync(readme, `${readFileSync(readme, 'utf8')}\nMy notes.\n`);
      const changed = { ...CLOUD, targets: 'vsphere4,vsphere6' };
      // yeoman-test forces by default; a user's run does not.
      const merged = await captureOutput(() => run().cd(dir).withOptions({ yes: true, force: false, ...asOptions(changed) } as never));
      assert.match(merged.stdout, /^ {4}merge Example\/README\.md$/m);
      assert.match(readFileSync(readme, 'utf8'), /vsphere6[\s\S]*My notes\.\n$/);
      const edited = join(dir, 'Example/src/Example/Example.py');
      writeFileSync(edited, '# a week of work\n');
      const kept = await captureOutput(() => run().cd(dir).withOptions({ yes: true, force: false, ...asOptions(changed) } as never));
      assert.match(kept.stdout, /^ {5}keep Example\/src\/Example\/Example\.py$/m);
      assert.match(kept.stdout, /Kept as you have them: README\.md, src\/Example\/Example\.py\./);
      assert.equal(readFileSync(edited, 'utf8'), '# a week of work\n');
      await run().cd(dir).withOptions({ yes: true, force: true, ...asOptions(changed) } as never);
      assert.match(readFileSync(edited, 'utf8'), /class Example/);
      assert.doesNotMatch(readFileSync(readme, 'utf8'), /My notes/);
    });
  });
});
