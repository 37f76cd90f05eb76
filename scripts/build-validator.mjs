#!/usr/bin/env node
// Writes dist/info-schema-validator.cjs: the .info schema compiled by ajv into standalone code (part of the build).
import { writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { compileInfoSchema } from '../dist/lib/imagefactory/info-schema.js';

const require = createRequire(import.meta.url);
const standalone = require('ajv/dist/standalone').default;
const { ajv, validate } = compileInfoSchema();
writeFileSync(new URL('../dist/info-schema-validator.cjs', import.meta.url), standalone(ajv, validate));
