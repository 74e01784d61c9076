import { createRequire } from 'node:module';
import { defineConfig } from 'vitest/config';

const require = createRequire(import.meta.url);

export default defineConfig({
  // type-graphql loads graphql as CommonJS; point ESM imports at the same copy so the schema
  // objects come from one module instance.
  resolve: { alias: [{ find: /^graphql$/, replacement: require.resolve('graphql') }] },
  test: {
    name: 'server',
    include: ['src/**/*.test.ts'],
    setupFiles: ['reflect-metadata'],
  },
});
