import { ProviderError } from '../../errors.ts'
import { importOptional } from '../../providers/optional-import.ts'

/** The promptfoo version vitest-butterfly is tested with (the last release supporting Node 20). */
export const PROMPTFOO_VERSION = '0.121.20'

/** The command that installs promptfoo, as error messages give it. */
export const PROMPTFOO_INSTALL = `npm install -D promptfoo@${PROMPTFOO_VERSION}`

/** The part of promptfoo's module that vitest-butterfly uses (typed here: promptfoo is optional). */
export interface PromptfooModule {
  evaluate(testSuite: Record<string, unknown>, options?: Record<string, unknown>): Promise<{ toEvaluateSummary(): Promise<PromptfooSummary> }>
  assertions: {
    runAssertion(args: { assertion: Record<string, unknown>; test: Record<string, unknown>; providerResponse: { output: unknown }; vars?: Record<string, unknown> }): Promise<PromptfooGrading>
  }
}

/** promptfoo's grading result of one assertion (or of a test's assertions together). */
export interface PromptfooGrading {
  pass: boolean
  score: number
  reason: string
  assertion?: { type?: string } | null
  componentResults?: PromptfooGrading[]
}

/** One row of promptfoo's evaluate summary (the fields used here). */
export interface PromptfooSummaryRow {
  testIdx: number
  promptIdx: number
  provider: { id?: string; label?: string }
  vars?: Record<string, unknown>
  testCase?: { description?: string }
  prompt?: { raw?: string; label?: string }
  response?: { output?: unknown } | null
  error?: string | null
  success: boolean
  score: number
  failureReason?: number
  gradingResult?: PromptfooGrading | null
}

/** promptfoo's evaluate summary (the fields used here). */
export interface PromptfooSummary {
  results: PromptfooSummaryRow[]
}

/** Loads the promptfoo module; injectable so tests can simulate its absence. @default () => import('promptfoo') */
export type PromptfooImporter = () => Promise<unknown>

const defaultImporter: PromptfooImporter = () => import('promptfoo' as string)

/**
 * promptfoo reads these at call time. A test harness should not phone home
 * or check for updates; explicit settings in the environment win.
 */
function quietDefaults(): void {
  process.env.PROMPTFOO_DISABLE_TELEMETRY ??= '1'
  process.env.PROMPTFOO_DISABLE_UPDATE ??= '1'
  process.env.PROMPTFOO_DISABLE_SHARING ??= '1'
}

/**
 * Imports promptfoo (an optional peer dependency) on first use. When it is
 * not installed, throws a `MissingDependencyError` that says to run
 * `npm install -D promptfoo@0.121.20`; a module without `evaluate` is a
 * `ProviderError` naming the version to install.
 *
 * @example
 * const pf = await loadPromptfoo(undefined, 'promptfooStage("qa")')
 */
export async function loadPromptfoo(importer: PromptfooImporter = defaultImporter, neededBy = 'promptfoo interop'): Promise<PromptfooModule> {
  quietDefaults()
  const loaded = await importOptional(importer, { name: 'promptfoo', install: PROMPTFOO_INSTALL, neededBy })
  const mod = ((loaded as { default?: unknown }).default && typeof (loaded as { evaluate?: unknown }).evaluate !== 'function'
    ? (loaded as { default: unknown }).default
    : loaded) as Partial<PromptfooModule>
  if (typeof mod?.evaluate !== 'function' || typeof mod.assertions?.runAssertion !== 'function') {
    throw new ProviderError(`${neededBy}: the installed promptfoo has no evaluate() / assertions.runAssertion(); install a supported version with: ${PROMPTFOO_INSTALL}`, { component: 'providers' })
  }
  return mod as PromptfooModule
}
