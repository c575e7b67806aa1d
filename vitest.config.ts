// Vitest: the whole suite in one run, no watch.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['tests/**/*.test.ts'],
    // The command-line tests run the built command: built once, before any test file.
    globalSetup: ['tests/helpers/build.ts'],
    pool: 'forks',
    testTimeout: 30_000,
    hookTimeout: 30_000,
  },
});
