// The README says what the code does: tables made from the declarations, and the commands CI runs.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { inputsMarkdown } from '../lib/render/inputs-doc.js';
import { APP_INPUTS, DELEGATE_INPUTS } from '../lib/inputs/inputs.js';

const ROOT = join(import.meta.dirname, '..');
const README = readFileSync(join(ROOT, 'README.md'), 'utf8');

function between(marker: string): string {
  const m = new RegExp(`<!-- ${marker}:start -->\\n([\\s\\S]*?)\\n<!-- ${marker}:end -->`).exec(README);
  assert.ok(m, `README has no ${marker} section`);
  return m![1];
}

describe('README', () => {
  it('lists the app options exactly as declared', () => assert.equal(between('app-inputs'), inputsMarkdown(APP_INPUTS)));
  it('lists the delegate options exactly as declared', () => assert.equal(between('delegate-inputs'), inputsMarkdown(DELEGATE_INPUTS)));

  it('starts with the install-and-scaffold command and the test command that .ci/run runs', () => {
    const commands = README.split('\n').filter((l) => l.startsWith('    ')).slice(0, 2).map((l) => l.trim().split('#')[0].trim());
    assert.deepEqual(commands, ['npm ci && npx ifplugin --yes ../MyCloud', 'npm test']);
    const ci = readFileSync(join(ROOT, '.ci', 'run'), 'utf8');
    assert.match(ci, /^npm ci\b/m);
    assert.match(ci, /^npm test$/m);
  });
});
