import 'reflect-metadata';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { cobuildSchema, printCobuildSchema } from './schema.js';

describe('schema artifact', () => {
  it('schema/schema.graphql is exactly what the code builds (run `pnpm --filter @cobuild/server emit-schema`)', async () => {
    const committed = fs.readFileSync(new URL('../../../schema/schema.graphql', import.meta.url), 'utf8');
    expect(committed).toBe(printCobuildSchema(await cobuildSchema()));
  });
});
