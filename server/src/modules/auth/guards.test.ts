import 'reflect-metadata';
import { getMetadataStorage } from 'type-graphql';
import { describe, expect, it } from 'vitest';
import { cobuildSchema } from '../../graphql/schema.js';
import { publicMutations } from './guard.decorator.js';
import { MUTATION_RULES } from './policy.js';

describe('one authorization point', () => {
  it('every mutation has a row in MUTATION_RULES and a guard (or is deliberately public)', async () => {
    const schema = await cobuildSchema();
    const mutations = Object.keys(schema.getMutationType()!.getFields()).sort();
    expect(mutations).toEqual(Object.keys(MUTATION_RULES).sort());
    const storage = getMetadataStorage();
    const guarded = new Set(
      storage.authorizedFields
        .filter((f) => storage.mutations.some((m) => m.target === f.target && m.methodName === f.fieldName))
        .map((f) => storage.mutations.find((m) => m.target === f.target && m.methodName === f.fieldName)!.schemaName),
    );
    for (const name of mutations) {
      const callers: readonly string[] = MUTATION_RULES[name as keyof typeof MUTATION_RULES].callers;
      if (callers.includes('anyone')) {
        expect(publicMutations.has(name), `${name} is public`).toBe(true);
        expect(guarded.has(name), `${name} is public and unguarded`).toBe(false);
      } else {
        expect(guarded.has(name), `${name} has a guard`).toBe(true);
      }
    }
  });
});
