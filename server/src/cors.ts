import type express from 'express';

/**
 * CORS for the API: browsers on the configured origins (a partner's web app) may call
 * `/graphql` with a token. Other origins get no CORS headers, so browsers keep their pages
 * from reading the answers. Cookies are never allowed across origins: partners send tokens.
 */
export function corsFor(origins: string[]): express.RequestHandler {
  const allowed = new Set(origins);
  return (req, res, next) => {
    const origin = req.get('origin')?.toLowerCase();
    if (!origin || !allowed.has(origin)) {
      if (origin) res.vary('Origin');
      return next();
    }
    res.vary('Origin');
    res.setHeader('Access-Control-Allow-Origin', origin);
    res.setHeader('Access-Control-Expose-Headers', 'x-request-id, retry-after');
    if (req.method !== 'OPTIONS') return next();
    res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
    res.setHeader(
      'Access-Control-Allow-Headers',
      'authorization, content-type, x-request-id, apollo-require-preflight',
    );
    res.setHeader('Access-Control-Max-Age', '600');
    res.status(204).end();
  };
}
