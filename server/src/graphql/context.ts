import type { Request, Response } from 'express';
import type { EntityManager } from '@mikro-orm/postgresql';
import type { Config } from '../config.js';
import type { Logger } from '../logger.js';
import { authenticate, type Credentials } from '../modules/auth/authenticate.js';
import { Viewer } from '../modules/auth/viewer.js';
import type { PendingCharge } from '../modules/rate-limit/cost-budget.js';
import { Loaders } from './loaders.js';
import { Locale } from './locale.js';

/** What every resolver receives: who calls, a request-scoped EntityManager and batch loaders. */
export interface Context {
  em: EntityManager;
  loaders: Loaders;
  viewer: Viewer;
  requestId: string;
  logger: Logger;
  config: Config;
  /** The HTTP exchange (for cookies and the client address); null over WebSocket. */
  http: { req: Request; res: Response } | null;
  /** What the operation was charged to the caller's cost budget, once admitted. */
  cost: PendingCharge | null;
  /** The caller's language (Accept-Language), for bilingual fields asked without `locale`. */
  locale: Locale;
}

export interface ContextBase {
  em: EntityManager;
  logger: Logger;
  config: Config;
}

function contextFor(
  base: ContextBase,
  viewer: Viewer,
  requestId: string,
  http: Context['http'] = null,
  locale = Locale.ZH,
): Context {
  const em = base.em.fork();
  return {
    em,
    loaders: new Loaders(em),
    viewer,
    requestId,
    logger: base.logger,
    config: base.config,
    http,
    cost: null,
    locale,
  };
}

/** A request's context: authenticates the credentials on a fresh EntityManager. */
export async function createContext(
  base: ContextBase,
  credentials: Credentials,
  requestId: string,
  http: Context['http'] = null,
  locale = Locale.ZH,
): Promise<Context> {
  const context = contextFor(base, Viewer.anonymous(), requestId, http, locale);
  context.viewer = await authenticate(context.em, credentials);
  return context;
}
