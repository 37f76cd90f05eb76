// Names the generated delegate module itself uses are refused as class names (and as plugin names, the default class
// name), for ifplugin and ifplugin delegate alike: the list read from the rendered template agrees with Python's own
// symbol table of the rendered module, and every name on it is refused with a one-line reason.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { INTERFACES, type PluginType } from '../lib/imagefactory/interfaces.js';
import type { AppAnswers } from '../lib/inputs/inputs.js';
import { pluginContext } from '../lib/render/context.js';
import { reservedNames } from '../lib/render/reserved-names.js';
import { planDelegate } from '../lib/render/plugin.js';
import { tempDir } from './support/cli.js';

const PROBE = 'ReservedNamesTestProbe';

// Python's view: names the module imports, and names any of its scopes reads as a global or a built-in.
const SYMTABLE = `
import json, symtable, sys
names = set()
def walk(table):
    for s in table.get_symbols():
        if table.get_type() == 'module':
            if s.is_imported() or (s.is_referenced() and not s.is_assigned()):
                names.add(s.get_name())
        elif s.is_global() and s.is_referenced():
            names.add(s.get_name())
    for child in table.get_children():
        walk(child)
for source in json.load(sys.stdin):
    walk(symtable.symtable(source, 'module.py', 'exec'))
print(json.dumps(sorted(n for n in names if not (n.startswith('__') and n.endswith('__')) and n != sys.argv[1])))
`;

describe('names the generated delegate module uses', function () {
  this.timeout(60000);

  it("are read from the template as Python's symtable reads the rendered module", function () {
    const sources: string[] = [];
    for (const type of Object.keys(INTERFACES) as PluginType[]) {
      for (const methods of [undefined, [], [INTERFACES[type].methods[0].name]]) {
        const plugin = pluginContext({
          name: PROBE, type, targets: [], description: '', maintainerName: '', maintainerEmail: '', maintainerUrl: '',
          pluginVersion: '1.0', license: '', className: PROBE, rpm: false, changelogDate: '2000-01-01',
        } satisfies AppAnswers);
        sources.push(planDelegate(plugin, PROBE, methods).get(`src/${PROBE}/${PROBE}.py`)!);
      }
    }
    const r = spawnSync('python3', ['-c', SYMTABLE, PROBE], { input: JSON.stringify(sources), encoding: 'utf8' });
    if (r.error) this.skip();
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual([...reservedNames().keys()].sort(), JSON.parse(r.stdout));
    assert.deepEqual(Object.fromEntries(reservedNames()), {
      logging: 'imported', implementer: 'imported', OSDelegate: 'imported', CloudDelegate: 'imported',
      object: 'builtin', NotImplementedError: 'builtin',
    });
  });

  it('are refused as --name, --class-name and ifplugin delegate --class-name, each with a one-line reason', () => {
    const dir = tempDir('ifplugin-reserved-');
    const names = [...reservedNames().keys()];
    const cases = [
      { args: ['--yes', '--name', 'Project', '--type', 'cloud', '--targets', 'p'], cwd: dir },
      ...names.flatMap((n) => [
        { args: ['--yes', '--name', n, '--type', 'os', '--targets', 'X'], cwd: dir },
        { args: ['--yes', '--name', 'Other', '--class-name', n, '--type', 'cloud', '--targets', 'x'], cwd: dir },
        { args: ['delegate', '--class-name', n, '--methods', 'push_image_to_provider'], cwd: join(dir, 'Project') },
      ]),
      // A name that is merely close to one of them is fine.
      { args: ['--yes', '--name', 'Logging', '--type', 'os', '--targets', 'X'], cwd: dir },
    ];
    writeFileSync(join(dir, 'cases.json'), JSON.stringify(cases));
    const batch = spawnSync(process.execPath, [join(import.meta.dirname, 'support', 'main-batch.mjs'), join(dir, 'cases.json'), join(dir, 'results.json')], { encoding: 'utf8' });
    assert.equal(batch.status, 0, batch.stderr);
    const results = JSON.parse(readFileSync(join(dir, 'results.json'), 'utf8')) as { args: string[]; status: number; stderr: string }[];
    assert.equal(results[0].status, 0, results[0].stderr);
    assert.equal(results.at(-1)!.status, 0, results.at(-1)!.stderr);
    names.forEach((n, i) => {
      const [asName, asClass, asDelegate] = results.slice(1 + 3 * i, 4 + 3 * i);
      const uses = reservedNames().get(n) === 'imported' ? `imports ${n}` : `uses Python's built-in ${n}`;
      for (const r of [asName, asClass, asDelegate]) {
        assert.equal(r.status, 1, `${r.args.join(' ')}: ${r.stderr}`);
        assert.equal(r.stderr.trim().split('\n').length, 1, r.stderr);
      }
      assert.equal(asName.stderr, `ifplugin: --name: "${n}" is not a valid plugin name: the generated delegate module ${uses}, and the default class name, ${n}, would replace it, breaking the delegate\n`);
      assert.equal(asClass.stderr, `ifplugin: --class-name: "${n}" is not a valid class name: the generated delegate module ${uses}, and a class named ${n} would replace it, breaking the delegate\n`);
      assert.equal(asDelegate.stderr, `ifplugin delegate: --class-name: "${n}" is not a valid class name: the generated delegate module ${uses}, and a class named ${n} would replace it, breaking the delegate\n`);
    });
  });
});
