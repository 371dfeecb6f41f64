import { defineConfig } from 'vitest/config'
import { packageAliases } from './test/support/package-aliases.ts'
import { butterfly } from './src/vitest/plugin.ts'

// Specs and examples import the package by its public name, exactly as users do;
// inside this repository those names resolve to the sources.
const alias = packageAliases

export default defineConfig({
  resolve: { alias },
  test: {
    projects: [
      {
        resolve: { alias },
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'test/**/*.test.ts', 'examples/**/*.test.ts'],
          // Fixture projects' own tests run only inside the e2e tests that spawn them.
          exclude: ['**/node_modules/**', 'test/e2e/fixtures/**', 'test/e2e/.tmp/**'],
          testTimeout: 60_000,
          hookTimeout: 60_000,
        },
      },
      {
        resolve: { alias },
        plugins: [butterfly({ snapshotDir: 'snapshots' })],
        test: {
          name: 'stability',
          include: ['specs/**/*.spec.ts'],
          testTimeout: 300_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
