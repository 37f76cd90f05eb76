// The .info a run writes is made from answers its inputs accepted, and those inputs refuse whatever would make it
// fail to load: `validate`'s checks find no error in it, whatever the answers. This is why the app command does
// not check the .info again (lib/render/plugin.ts), and loads no schema validator.
import assert from 'node:assert/strict';
import { ValueProblem } from '../lib/errors.js';
import { checkInfo } from '../lib/imagefactory/info.js';
import { parseTargets } from '../lib/imagefactory/targets.js';
import { APP_INPUTS, type AppAnswers } from '../lib/inputs/inputs.js';
import { resolveAnswers } from '../lib/inputs/resolve.js';
import { pluginContext } from '../lib/render/context.js';

const ctx = { git: () => undefined };

async function answersFrom(given: Record<string, string | boolean>): Promise<AppAnswers> {
  return (await resolveAnswers<AppAnswers>(APP_INPUTS, { given, yes: true, ctx })).answers;
}

function errorsOf(answers: AppAnswers): string[] {
  const info = pluginContext(answers).infoJson;
  return checkInfo(JSON.parse(info), { stem: answers.name, folder: answers.name }).filter((f) => f.severity === 'error').map((f) => `${f.rule}: ${f.message}`);
}

/** A small deterministic generator (mulberry32), so that a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

describe('the .info made from accepted answers', () => {
  it('has no error for answers of every kind', async () => {
    const cases: Record<string, string | boolean>[] = [
      {},
      { type: 'os' },
      { name: 'My_OS', type: 'os', targets: 'Fedora,RHEL-7:7.9,RHEL-5:5.11:x86_64,Ubuntu::' },
      { name: 'Cloudy', type: 'cloud', targets: 'vsphere4,vsphere5,openstack-kvm,ec2', description: 'Ünïcode "quoted" \\ %{x}' },
      { type: 'cloud', targets: Array.from({ length: 10000 }, (_, i) => `cloud${i}`).join(',') },
      { type: 'os', targets: Array.from({ length: 5000 }, (_, i) => `os${i}:1:x86_64`).join(',') },
      { name: 'Pusher', 'maintainer-name': 'Ada', 'maintainer-email': 'ada@example.org', 'maintainer-url': 'https://example.org', 'plugin-version': '1!2.0rc1.dev3', license: 'MIT', rpm: true },
    ];
    for (const given of cases) {
      const answers = await answersFrom(Object.fromEntries(Object.entries(given).map(([k, v]) => [APP_INPUTS.find((i) => i.option === k)?.key ?? k, v])));
      assert.deepEqual(errorsOf(answers), [], JSON.stringify(given).slice(0, 200));
    }
  });

  it('has no error for any target list the --targets input accepts (random lists)', () => {
    const next = random(17);
    const alphabet = ['a', 'Z', '7', '-', '.', '_', ':', ':', ',', ',', ' ', '*', 'é', '"', '\\', '[', 'null'];
    let accepted = 0;
    for (let i = 0; i < 4000; i++) {
      const type = next() < 0.5 ? 'os' : 'cloud';
      const text = Array.from({ length: 1 + Math.floor(next() * 14) }, () => alphabet[Math.floor(next() * alphabet.length)]).join('');
      let targets;
      try {
        targets = parseTargets(type, text).targets;
      } catch (e) {
        if (e instanceof ValueProblem) continue;
        throw e;
      }
      accepted++;
      const answers: AppAnswers = {
        name: 'Example', type, targets, description: text, maintainerName: '', maintainerEmail: '', maintainerUrl: '', pluginVersion: '1.0',
        license: '', className: 'Example', rpm: false, changelogDate: '2025-11-29',
      };
      assert.deepEqual(errorsOf(answers), [], `${type} ${JSON.stringify(text)}`);
    }
    assert.ok(accepted > 500, `only ${accepted} random target lists were accepted`);
  });
});
