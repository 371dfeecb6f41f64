import { fileURLToPath } from 'node:url'

const src = (path: string): string => fileURLToPath(new URL(`../../src/${path}`, import.meta.url))

/**
 * The package's public entry names resolved to this repository's sources:
 * specs, examples and the e2e fixture projects import `vitest-butterfly`
 * exactly as users do. One table for the repository's config and every
 * fixture's (fixtures and their copies sit four levels down, so they import
 * it as `../../../../test/support/package-aliases.ts`).
 */
export const packageAliases = [
  { find: /^vitest-butterfly\/vitest$/, replacement: src('vitest/index.ts') },
  { find: /^vitest-butterfly\/providers$/, replacement: src('providers/index.ts') },
  { find: /^vitest-butterfly\/judge$/, replacement: src('judge/index.ts') },
  { find: /^vitest-butterfly\/promptfoo$/, replacement: src('integrations/promptfoo/index.ts') },
  { find: /^vitest-butterfly\/latency$/, replacement: src('latency/index.ts') },
  { find: /^vitest-butterfly\/plugin$/, replacement: src('vitest/plugin.ts') },
  { find: /^vitest-butterfly\/setup$/, replacement: src('vitest/setup.ts') },
  { find: /^vitest-butterfly$/, replacement: src('index.ts') },
]
