// Compiling the .info JSON Schema with ajv. `npm run build` writes the compiled validator once, as standalone
// code (scripts/build-validator.mjs), so a run loads a small module instead of compiling the schema each time.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { ValidateFunction } from 'ajv';
import { INFO_SCHEMA_FILE } from '../paths.js';

const require = createRequire(import.meta.url);

// Strict mode (the schema is for editors and SchemaStore too); target parts are string or null, a union type.
export const AJV_OPTIONS = { allErrors: true, strict: true, allowUnionTypes: true, code: { source: true } };
export const FORMATS = ['email', 'uri'];

/** A fresh ajv instance with the schema compiled (and the instance, for standalone code generation). */
export function compileInfoSchema(): { ajv: unknown; validate: ValidateFunction } {
  // ajv is CommonJS; require avoids the default-export dance of its typings.
  const Ajv = require('ajv');
  const addFormats = require('ajv-formats');
  const ajv = new Ajv(AJV_OPTIONS);
  addFormats(ajv, FORMATS);
  return { ajv, validate: ajv.compile(JSON.parse(readFileSync(INFO_SCHEMA_FILE, 'utf8'))) as ValidateFunction };
}
