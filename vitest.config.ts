import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'
import { butterfly } from './src/vitest/plugin.ts'

const src = (path: string): string => fileURLToPath(new URL(`./src/${path}`, import.meta.url))

// Specs and examples import the package by its public name, exactly as users do;
// inside this repository those names resolve to the sources.
const alias = [
  { find: /^vitest-butterfly\/vitest$/, replacement: src('vitest/index.ts') },
  { find: /^vitest-butterfly\/providers$/, replacement: src('providers/index.ts') },
  { find: /^vitest-butterfly\/judge$/, replacement: src('judge/index.ts') },
  { find: /^vitest-butterfly\/promptfoo$/, replacement: src('integrations/promptfoo/index.ts') },
  { find: /^vitest-butterfly\/latency$/, replacement: src('latency/index.ts') },
  { find: /^vitest-butterfly\/plugin$/, replacement: src('vitest/plugin.ts') },
  { find: /^vitest-butterfly\/setup$/, replacement: src('vitest/setup.ts') },
  { find: /^vitest-butterfly$/, replacement: src('index.ts') },
]

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
