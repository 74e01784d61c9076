import { Authorized } from 'type-graphql';
import { MUTATION_RULES, type MutationName } from './policy.js';

/** Mutations that anyone may call, recorded so the schema-walking test can tell them from forgotten guards. */
export const publicMutations = new Set<string>();

/**
 * Guards a mutation with its row of MUTATION_RULES: `anyone` leaves it open, otherwise
 * `@Authorized(callers)` lets the authChecker admit only those callers.
 */
export function Guard(name: MutationName): MethodDecorator {
  const callers = MUTATION_RULES[name].callers as readonly string[];
  return (target, key, descriptor) => {
    if (callers.includes('anyone')) {
      publicMutations.add(name);
      return;
    }
    Authorized(...callers)(target, key, descriptor);
  };
}
