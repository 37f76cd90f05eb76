// The validator the build precompiles gives the same verdicts as compiling the schema at run time.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { compileInfoSchema } from '../lib/imagefactory/info-schema.js';

const ROOT = join(import.meta.dirname, '..');
const CORPUS = join(import.meta.dirname, 'fixtures', 'info-corpus');

describe('.info schema validator', () => {
  it('is precompiled by the build, and agrees with a fresh compile on the whole corpus and odd values', function () {
    const file = join(ROOT, 'dist', 'info-schema-validator.cjs');
    if (!existsSync(file)) this.skip();
    const precompiled = createRequire(import.meta.url)(file);
    const { validate } = compileInfoSchema();
    const values: unknown[] = [null, 1, 'x', [], {}, { type: 'os', targets: [['a']] }, { type: 'cloud', targets: ['a'] }, { type: 7, targets: [[1]] }];
    for (const f of readdirSync(CORPUS).filter((n) => n.endsWith('.info'))) {
      try {
        values.push(JSON.parse(readFileSync(join(CORPUS, f), 'utf8')));
      } catch {
        /* the two invalid-JSON files */
      }
    }
    for (const v of values) {
      assert.equal(precompiled(v), validate(v), JSON.stringify(v));
      assert.deepEqual(precompiled.errors ?? null, validate.errors ?? null);
    }
  });
});
