// specText: user text in an RPM spec must come back out of rpm exactly, never expanded as a macro or split over lines.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { specText } from '../lib/render/escape.js';

const hasRpm = spawnSync('rpm', ['--version']).status === 0;

describe('specText', () => {
  it('doubles every % so that rpm expands nothing', () => {
    assert.equal(specText('50% off'), '50%% off');
    assert.equal(specText('%{_prefix} %(rm -rf ~) %define x %%'), '%%{_prefix} %%(rm -rf ~) %%define x %%%%');
  });

  it('turns line breaks and other controls into one space: a new line would start a new tag or section', () => {
    assert.equal(specText('one\ntwo'), 'one two');
    assert.equal(specText('one\r\n\ttwo\u2028three\u0007'), 'one two three ');
    assert.equal(specText('a\n%files'), 'a %%files');
  });

  it('leaves everything else alone', () => {
    for (const s of ['Apache-2.0 OR MIT', "O'Neil \"Ada\" <ada@example.org>", 'ends with \\', 'a # b', 'ünïcødé ✓', '']) {
      assert.equal(specText(s), s);
    }
  });

  it('gives back the text when rpm expands it', function () {
    if (!hasRpm) this.skip(); // rpm is not installed: the cases above still pin the escaping
    const cases = ['50% of %{_prefix}', '%(touch /tmp/ifplugin-spec-text) and %{lua: print("x")}', '%%', 'end %', 'a \\ b # c'];
    for (const s of cases) {
      const r = spawnSync('rpm', ['--eval', specText(s)], { encoding: 'utf8' });
      assert.equal(r.status, 0, r.stderr);
      assert.equal(r.stdout, `${s}\n`, s);
    }
  });
});
