// Module resolution hooks for `npm run bench`: the package's public names
// resolve to the sources, as vitest.config.ts's aliases do for tests, so that
// shared test support code (which imports `vitest-butterfly`) runs here too.
const targets = {
  'vitest-butterfly': '../src/index.ts',
  'vitest-butterfly/vitest': '../src/vitest/index.ts',
  'vitest-butterfly/providers': '../src/providers/index.ts',
  'vitest-butterfly/judge': '../src/judge/index.ts',
  'vitest-butterfly/promptfoo': '../src/integrations/promptfoo/index.ts',
  'vitest-butterfly/latency': '../src/latency/index.ts',
  'vitest-butterfly/plugin': '../src/vitest/plugin.ts',
  'vitest-butterfly/setup': '../src/vitest/setup.ts',
}

export async function resolve(specifier, context, next) {
  const target = targets[specifier]
  // Passed on (not short-circuited) so that tsx resolves the .ts file and then compiles it.
  if (target) return next(new URL(target, import.meta.url).href, context)
  return next(specifier, context)
}
