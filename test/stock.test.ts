// The stock plugin table agrees with the stock .info files of ImageFactory 1.1.16 (the shared corpus).
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { STOCK_PLUGINS, stockClaimants, stockNameClash } from '../lib/imagefactory/stock.js';

const CORPUS = join(import.meta.dirname, '..', '..', 'shared', 'imagefactory', 'info-corpus');

describe('stock plugins', () => {
  it('match the stock .info files', function () {
    if (!existsSync(CORPUS)) this.skip();
    const files = readdirSync(CORPUS).filter((f) => f.startsWith('aeolus-HEAD__'));
    const fromCorpus = files.map((f) => {
      const info = JSON.parse(readFileSync(join(CORPUS, f), 'utf8'));
      return { name: f.slice('aeolus-HEAD__'.length, -'.info'.length), type: info.type, targets: info.targets };
    });
    assert.deepEqual([...STOCK_PLUGINS].sort((a, b) => a.name.localeCompare(b.name)), fromCorpus.sort((a, b) => a.name.localeCompare(b.name)));
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
