// The validator the build precompiles gives the same verdicts as compiling the schema at run time.
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { AJV_OPTIONS, compileInfoSchema } from '../lib/imagefactory/info-schema.js';

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

  describe('for editors and SchemaStore', () => {
    type Schema = Record<string, unknown> & { properties?: Record<string, Schema>; items?: Schema };
    const schema = JSON.parse(readFileSync(join(ROOT, 'schemas', 'info.schema.json'), 'utf8')) as Schema;

    it('compiles in Ajv strict mode, and has a $id where the package publishes it', () => {
      assert.equal(AJV_OPTIONS.strict, true);
      assert.doesNotThrow(() => compileInfoSchema());
      assert.equal(schema.$id, 'https://unpkg.com/generator-ifplugin/schemas/info.schema.json');
      assert.ok(JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).files.includes('schemas'));
    });

    it('gives every property, at every depth, a title, a description and examples', () => {
      const missing: string[] = [];
      const walk = (s: Schema, path: string) => {
        for (const [key, sub] of Object.entries(s.properties ?? {})) {
          for (const k of ['title', 'description', 'examples']) if (!(k in sub)) missing.push(`${path}${key}: ${k}`);
          walk(sub, `${path}${key}.`);
        }
      };
      walk(schema, '');
      assert.deepEqual(missing, []);
      const items = schema.properties!.targets.items!;
      assert.ok(items.title && items.description && items.examples && items.items?.title && items.items?.description);
    });

    it('offers os and cloud for completion, and still accepts them in any case', () => {
      const type = schema.properties!.type as { anyOf: { const?: string }[] };
      assert.deepEqual(type.anyOf.filter((b) => 'const' in b).map((b) => b.const), ['os', 'cloud']);
      const { validate } = compileInfoSchema();
      for (const t of ['os', 'OS', 'Os', 'cloud', 'Cloud', 'CLOUD']) assert.ok(validate({ type: t, targets: t.toLowerCase() === 'os' ? [['F', null, null]] : [['c']] }), t);
      for (const t of ['vm', 'o s', 'clouds', '']) assert.ok(!validate({ type: t, targets: [['c']] }), t);
    });

    it('accepts every example it gives', () => {
      const { ajv } = compileInfoSchema() as unknown as { ajv: { validate(s: unknown, v: unknown): boolean } };
      const bad: string[] = [];
      const walk = (s: Schema, path: string) => {
        for (const e of (s.examples as unknown[] | undefined) ?? []) {
          const sub = { ...s };
          delete sub.$id;
          if (!ajv.validate(sub, e)) bad.push(`${path}: ${JSON.stringify(e)}`);
        }
        for (const [key, sub] of Object.entries(s.properties ?? {})) walk(sub, `${path}.${key}`);
        if (s.items) walk(s.items, `${path}[]`);
      };
      walk(schema, '');
      assert.deepEqual(bad, []);
    });
  });
});
