import type { ApolloServerPlugin } from '@apollo/server';
import type express from 'express';
import type { Context } from '../graphql/context.js';
import { outcomeOf, type Metrics } from './metrics.js';

/** Where an HTTP request to /graphql keeps what the metrics need (`res.locals`). */
const OBSERVATION = 'graphqlMetrics';

interface HttpObservation {
  started: number;
  /** Set once the Apollo plugin counted the request. */
  counted: boolean;
  /** The code of an error answered before Apollo ran (a token flood, a body that is not JSON). */
  code?: string;
}

const seconds = (started: number) => (performance.now() - started) / 1000;

/** What an answer's status says when its body was not seen (Apollo's own refusals before the pipeline). */
function outcomeOfStatus(status: number): string {
  if (status < 400) return 'ok';
  if (status === 401) return 'UNAUTHENTICATED';
  if (status === 403) return 'FORBIDDEN';
  if (status === 413) return 'PAYLOAD_TOO_LARGE';
  if (status === 429) return 'RATE_LIMITED';
  if (status === 503) return 'SERVICE_UNAVAILABLE';
  return status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
}

/**
 * First on `/graphql` (after CORS): starts the request's clock, and counts the requests that
 * never reach Apollo's request pipeline — refused before it (malformed JSON, too large, too
 * many tokens), or by Apollo before it starts (bad credentials, the database unavailable while
 * authenticating). Everything else is counted by `graphqlMetricsPlugin`.
 */
export function graphqlHttpMetrics(metrics: Metrics): express.RequestHandler {
  return (req, res, next) => {
    if (req.method !== 'POST' && req.method !== 'GET') return next();
    const observation: HttpObservation = { started: performance.now(), counted: false };
    res.locals[OBSERVATION] = observation;
    // Refusals written by Cobuild's own middleware carry their code in a JSON body.
    const json = res.json;
    res.json = function (this: express.Response, body?: unknown) {
      observation.code ??= outcomeOf((body as { errors?: { extensions?: Record<string, unknown> }[] })?.errors);
      return json.call(this, body);
    };
    res.once('finish', () => {
      if (observation.counted) return;
      const named = ((req.body as Record<string, unknown> | undefined) ?? req.query)?.operationName;
      metrics.graphqlRequest({
        operationName: typeof named === 'string' ? named : null,
        operationType: null,
        transport: 'http',
        outcome: observation.code ?? outcomeOfStatus(res.statusCode),
        seconds: seconds(observation.started),
      });
    });
    next();
  };
}

/**
 * Counts each GraphQL request over HTTP once its answer is ready: by operation name (as
 * resolved from the document, else as the client named it), type and outcome — `ok`, or the
 * first error's code as the caller sees it (after masking: INTERNAL_SERVER_ERROR, not the
 * error behind it) — and its duration since it arrived.
 */
export function graphqlMetricsPlugin(metrics: Metrics): ApolloServerPlugin<Context> {
  return {
    async requestDidStart({ contextValue }) {
      const observation = contextValue.http?.res.locals[OBSERVATION] as HttpObservation | undefined;
      const started = observation?.started ?? performance.now();
      return {
        async willSendResponse({ response, operation, operationName, request }) {
          if (observation) observation.counted = true;
          const body = response.body;
          const errors = body.kind === 'single' ? body.singleResult.errors : body.initialResult.errors;
          metrics.graphqlRequest({
            operationName: operationName ?? request.operationName,
            operationType: operation?.operation,
            transport: 'http',
            outcome: outcomeOf(errors),
            seconds: seconds(started),
          });
        },
      };
    },
  };
}

/** A browser's request on behalf of a page of another origin (scrapers send neither header). */
function fromAnotherSite(req: express.Request): boolean {
  const site = req.get('sec-fetch-site');
  if (site === 'cross-site' || site === 'same-site') return true;
  const origin = req.get('origin');
  if (!origin) return false;
  try {
    return new URL(origin).host !== req.get('host');
  } catch {
    return true;
  }
}

/**
 * `GET /metrics` in the Prometheus text format. For scrapers, not browsers: no CORS headers,
 * a request a browser sends from another site is refused, and no other site may embed it.
 */
export function metricsEndpoint(metrics: Metrics): express.RequestHandler {
  return async (req, res, next) => {
    res.setHeader('cross-origin-resource-policy', 'same-origin');
    res.setHeader('x-content-type-options', 'nosniff');
    res.setHeader('cache-control', 'no-store');
    if (fromAnotherSite(req)) {
      res.status(403).type('text/plain').send('Forbidden\n');
      return;
    }
    try {
      const text = await metrics.exposition();
      res.setHeader('content-type', metrics.contentType);
      res.send(text);
    } catch (error) {
      next(error);
    }
  };
}
