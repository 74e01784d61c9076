import { defineConfig } from 'vitest/config';

// One run over every package: server unit tests, client component tests, end-to-end tests.
export default defineConfig({
  test: {
    projects: ['server', 'client', 'test'],
    // In CI a JSON report lets .ci/run print one plain "N passed, N failed" line.
    reporters: process.env.CI ? ['default', ['json', { outputFile: '.ci/test-results.json' }]] : ['default'],
  },
});
