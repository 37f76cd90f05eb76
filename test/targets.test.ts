import assert from 'node:assert/strict';
import { parseTargets, targetsToText } from '../lib/imagefactory/targets.js';

describe('targets', () => {
  it('turns OS targets into 3-element lists with null wildcards on the right', () => {
    assert.deepEqual(parseTargets('os', 'Fedora, Ubuntu:22.04 ,RHEL-7:7.9:x86_64').targets, [
      ['Fedora', null, null],
      ['Ubuntu', '22.04', null],
      ['RHEL-7', '7.9', 'x86_64'],
    ]);
  });

  it('turns cloud targets into 1-element lists, never bare strings', () => {
    assert.deepEqual(parseTargets('cloud', 'vsphere4,vsphere5').targets, [['vsphere4'], ['vsphere5']]);
  });

  it('rejects a wildcard before a concrete part, saying why', () => {
    assert.throws(() => parseTargets('os', 'RHEL-7::x86_64'), /"RHEL-7::x86_64" has a wildcard version before a concrete arch: the loader only blanks parts from the right/);
  });

  it('rejects what the loader could never match', () => {
    const cases: [string, string, RegExp][] = [
      ['os', ':7:x86_64', /has no OS name/],
      ['os', 'a:b:c:d', /has 4 parts/],
      ['cloud', 'ec2:eu', /contains ":"/],
      ['cloud', 'a,,b', /target 2 is empty/],
      ['cloud', '', /no targets given/],
      ['cloud', 'a b', /white space/],
      ['cloud', 'a\u0007', /control character/],
      ['cloud', 'x'.repeat(101), /longer than 100/],
    ];
    for (const [type, text, message] of cases) assert.throws(() => parseTargets(type as 'os', text), message, text);
  });

  it('refuses duplicates but keeps case variants, since matching is case-sensitive', () => {
    assert.throws(() => parseTargets('cloud', 'ova,ova'), /"ova" is listed twice/);
    assert.throws(() => parseTargets('os', 'Fedora,Fedora::'), /listed twice/);
    assert.deepEqual(parseTargets('cloud', 'OVA,ova').targets, [['OVA'], ['ova']]);
  });

  it('warns about targets a stock plugin claims, naming the plugin', () => {
    assert.deepEqual(parseTargets('cloud', 'ec2,mine').warnings, [
      'target ec2 is already claimed by the stock EC2 plugin; ImageFactory will use whichever plugin it lists first',
    ]);
    assert.match(parseTargets('os', 'Fedora').warnings[0], /stock Nova and TinMan plugin/);
    assert.deepEqual(parseTargets('os', 'Fedora:30').warnings, []);
  });

  it('prints parsed targets back in their command-line form', () => {
    const text = 'Fedora,Ubuntu:22.04,RHEL-7:7.9:x86_64';
    assert.equal(targetsToText(parseTargets('os', text).targets), text);
  });
});
