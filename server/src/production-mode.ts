/**
 * Imported first by main.ts, before graphql-js loads: outside development graphql-js checks
 * types with a plain `instanceof` instead of its development diagnostics, which cost ~5 % of
 * the CPU of a large query. `NODE_ENV=development` keeps the diagnostics.
 */
process.env.NODE_ENV ??= 'production';
