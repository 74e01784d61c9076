import type { AuthChecker } from 'type-graphql';
import type { Context } from '../../graphql/context.js';
import { forbidden, unauthenticated } from './policy.js';

/**
 * The GraphQL guard of `@Authorized(...callers)`: `user` admits a signed-in person,
 * `token:<scope>` a partner token with that scope. Anonymous callers are UNAUTHENTICATED,
 * the wrong kind of caller FORBIDDEN. Object-level rules are checked in the services.
 */
export const authChecker: AuthChecker<Context> = ({ context }, callers) => {
  const { principal } = context.viewer;
  if (principal.kind === 'anonymous') throw unauthenticated();
  const admitted = callers.some((caller) =>
    caller === 'user'
      ? principal.kind === 'user'
      : caller.startsWith('token:') && principal.kind === 'token' && principal.token.scopes.includes(caller.slice(6)),
  );
  if (!admitted) {
    throw forbidden(
      principal.kind === 'token'
        ? 'This API token may not do this (missing scope or needs a signed-in user).'
        : undefined,
    );
  }
  return true;
};
