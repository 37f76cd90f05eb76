// The stock plugin table agrees with the stock .info files of ImageFactory 1.1.16 (the corpus, kept as fixtures).
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STOCK_PLUGINS, stockClaimants, stockNameClash } from '../lib/imagefactory/stock.js';

const CORPUS = join(import.meta.dirname, 'fixtures', 'info-corpus');

describe('stock plugins', () => {
  it('match the stock .info files', () => {
    const files = readdirSync(CORPUS).filter((f) => f.startsWith('aeolus-HEAD__'));
    const fromCorpus = files.map((f) => {
      const info = JSON.parse(readFileSync(join(CORPUS, f), 'utf8'));
      return { name: f.slice('aeolus-HEAD__'.length, -'.info'.length), type: info.type, targets: info.targets };
    });
    assert.equal(fromCorpus.length, 15);
    assert.deepEqual([...STOCK_PLUGINS].sort((a, b) => (a.name < b.name ? -1 : 1)), fromCorpus.sort((a, b) => (a.name < b.name ? -1 : 1)));
  });

  it('name clashes ignore case; target claims do not', () => {
    assert.equal(stockNameClash('vsphere'), 'vSphere');
    assert.equal(stockNameClash('OVFCOMMON'), 'ovfcommon');
    assert.equal(stockNameClash('MyCloud'), undefined);
    assert.deepEqual(stockClaimants(['OVA']), ['OVA']);
    assert.deepEqual(stockClaimants(['Ova']), []);
    assert.deepEqual(stockClaimants(['Fedora', null, null]), ['Nova', 'TinMan']);
  });
});
