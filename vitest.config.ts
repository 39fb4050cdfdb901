import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts', 'examples/**/*.test.js'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // Files and the tests in them run in a new order every time, so a test that leans on another
    // one's leftovers fails; a failing order is printed with its seed (`--sequence.seed=<n>` repeats it).
    sequence: { shuffle: true },
    // The JSON report lets .ci/run print the plain "N passed, N failed" line.
    reporters: ['default', 'json'],
    outputFile: { json: '.vitest-report.json' },
  },
});
