import { defineConfig } from 'vitest/config';

// One run over every package: server unit tests, client component tests, end-to-end tests.
export default defineConfig({
  test: {
    projects: ['server', 'client', 'test'],
  },
});
