// Test kinds live in test/<kind>/ (unit, golden, e2e, recorder); all run in `npm test`.
import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    env: { TZ: 'UTC' },
  },
});
