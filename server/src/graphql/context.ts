import type { EntityManager } from '@mikro-orm/postgresql';
import type { Logger } from '../logger.js';
import { Loaders } from './loaders.js';

/** What every resolver receives: a request-scoped EntityManager and batch loaders. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  requestId: string;
  logger: Logger;
}

export function createContext(em: EntityManager, requestId: string, logger: Logger): Context {
  const forked = em.fork();
  return { em: forked, loaders: new Loaders(forked), requestId, logger };
}
