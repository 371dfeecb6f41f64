import { dirname, relative } from 'node:path'
import type { CallSite, ChatRequest, CompletionRequest, CompletionResult, LlmClient, LlmClientFactory, Usage } from '../core/llm.ts'
import type { AnyPipeline } from '../core/pipeline.ts'
import { CassetteError, ProviderError } from '../errors.ts'
import type { CallKind, IdentifiedProvider } from './canonical.ts'
import { canonicalRequest, requestDigest, shortDigest } from './canonical.ts'
import type { Sanitize } from './cassette.ts'
import { createCassetteStore } from './cassette.ts'
import type { RecordingElsewhere } from './cassette-elsewhere.ts'
import { describeIdentity, findRecordingElsewhere } from './cassette-elsewhere.ts'
import type { CassetteMode, CassetteModeSource } from './cassette-mode.ts'
import { LLM_MODE_ENV, resolveCassetteMode } from './cassette-mode.ts'
import { defaultConcurrency, limiterFor, runLimited } from './limits.ts'
import type { PriceTable } from './prices.ts'
import { priceUsage } from './prices.ts'
import { checkResult } from './result-check.ts'
import type { RetryEvent, RetryOptions } from './retry.ts'
import { resolveRetryOptions, withRetries } from './retry.ts'
import { own } from '../core/own.ts'

/** Options of the model calls of a run (`run(pipeline, overrides, { llm })`). */
export interface LlmOptions {
  /** What to do with recordings. @default process.env.BUTTERFLY_LLM_MODE ?? (CI ? 'replay' : 'auto') */
  mode?: CassetteMode
  /** Root of the recordings, one file per request at `<dir>/<pipeline>/<digest>.json`. @default process.env.BUTTERFLY_CASSETTE_DIR ?? 'cassettes' */
  cassetteDir?: string
  /** Which providers are recorded: only those with `network: true`, or all (the local model too). @default 'network' */
  record?: 'network' | 'all'
  /** Scrubs each recording before it is written (keys and auth headers are never part of it anyway). */
  sanitize?: Sanitize
  /** Retries of failed calls; `false` for a single attempt. @default { attempts: 4, baseDelayMs: 500 } */
  retries?: RetryOptions | false
  /** Calls in flight at once, for every model or by model id. @default provider.concurrency ?? (network ? 8 : unlimited) */
  concurrency?: number | Record<string, number>
  /** Prices by model id; priced calls report `usage.cost`. */
  prices?: PriceTable
  /** Called after every call, for reports and tests. */
  onCall?: (event: LlmCallEvent) => void
  /** Called before every retry. */
  onRetry?: (event: RetryEvent & { stage: string; model: string }) => void
}

/** One finished model call. */
export interface LlmCallEvent {
  pipeline: string
  stage: string
  sample: number
  model: string
  /** The provider's kind. */
  provider: string
  call: CallKind
  /** sha256 of the canonical request: the recording's file name. */
  digest: string
  /** `cassette`: replayed; `recorded`: called and written; `provider`: called, not recorded. */
  source: 'cassette' | 'recorded' | 'provider'
  usage: Usage
}

function missMessage(
  site: CallSite, model: string, kind: string, digest: string, file: string, source: CassetteModeSource,
  identity: Record<string, unknown>, elsewhere: RecordingElsewhere | undefined,
): string {
  const why = source === 'ci' ? 'CI is set' : source === 'env' ? `${LLM_MODE_ENV}=replay` : "the llm option mode is 'replay'"
  const how = source === 'option'
    ? "run once with the llm option mode 'auto' where the model is reachable"
    : `run \`${LLM_MODE_ENV}=auto npx vitest run\` where the model is reachable (API key set, CI unset)`
  return `[butterfly] [cassette] stage "${site.stage}" called model "${model}" (${kind}) with request ${shortDigest(digest)} ` +
    `(sample ${site.sample}), which has no recording at ${relative(process.cwd(), file) || file}; the mode is replay because ${why}. ` +
    (elsewhere
      ? `The same request is recorded for ${describeIdentity(elsewhere.identity)} (${relative(process.cwd(), elsewhere.file) || elsewhere.file}), ` +
        `but model "${model}" now stands for ${describeIdentity(identity)}: point it at the recorded one (openai({ baseURL }) or OPENAI_BASE_URL, openai({ model })), or record this one. `
      : '') +
    `To record it, ${how}, then commit the new files under ${relative(process.cwd(), file).split(/[\\/]/).slice(0, -1).join('/') || 'the cassette directory'}`
}

/**
 * Builds the `ctx.llm` factory of a run: per-model concurrency limits,
 * retries with backoff, cassettes (record/replay), result checks, usage and
 * cost accounting. `run()` uses it by default.
 *
 * @example
 * const llm = createLlmClientFactory(pipeline, { mode: 'replay', retries: { attempts: 3 } })
 * await run(pipeline, {}, { llm })
 */
export function createLlmClientFactory(pipeline: AnyPipeline, options: LlmOptions = {}): LlmClientFactory {
  const { mode, source } = resolveCassetteMode(options.mode)
  const store = mode === 'off'
    ? undefined
    : createCassetteStore({
      ...(options.cassetteDir !== undefined ? { dir: options.cassetteDir } : {}),
      ...(options.sanitize ? { sanitize: options.sanitize } : {}),
    })

  return (site: CallSite, onUsage: (usage: Usage) => void): LlmClient => {
    const occurrences = new Map<string, number>()

    const call = async (kind: CallKind, request: CompletionRequest | ChatRequest): Promise<CompletionResult> => {
      const provider = own(pipeline.models, request.model) as IdentifiedProvider | undefined
      if (!provider) {
        throw new ProviderError(`stage "${site.stage}" called model "${request.model}", which is not in pipeline "${pipeline.name}"'s models (${Object.keys(pipeline.models ?? {}).join(', ') || 'none'})`, { component: 'providers' })
      }
      const method = kind === 'complete' ? provider.complete : provider.chat
      if (typeof method !== 'function') throw new ProviderError(`stage "${site.stage}" called ${kind}() on model "${request.model}" (${provider.kind}), which has no ${kind}()`, { component: 'providers' })

      const first = canonicalRequest(provider, kind, request, site.sample, 0)
      const firstDigest = requestDigest(first)
      const occurrence = occurrences.get(firstDigest) ?? 0
      occurrences.set(firstDigest, occurrence + 1)
      const canonical = occurrence === 0 ? first : { ...first, occurrence }
      const digest = occurrence === 0 ? firstDigest : requestDigest(canonical)
      const recordable = store !== undefined && (provider.network === true || options.record === 'all')

      const finish = (result: CompletionResult, from: LlmCallEvent['source']): CompletionResult => {
        const usage = priceUsage(result.usage, request.model, options.prices)
        onUsage(usage)
        options.onCall?.({ pipeline: site.pipeline, stage: site.stage, sample: site.sample, model: request.model, provider: provider.kind, call: kind, digest, source: from, usage })
        return { ...result, usage }
      }

      if (recordable && (mode === 'replay' || mode === 'auto')) {
        const hit = await store.read(site.pipeline, digest)
        if (hit) return finish(hit, 'cassette')
        if (mode === 'replay' && provider.network === true) {
          const file = store.fileOf(site.pipeline, digest)
          const elsewhere = await findRecordingElsewhere(dirname(file), canonical)
          throw new CassetteError(missMessage(site, request.model, provider.kind, digest, file, source, canonical.identity, elsewhere))
        }
      }

      const concurrency = typeof options.concurrency === 'number'
        ? options.concurrency
        : own(options.concurrency, request.model) ?? defaultConcurrency(provider)
      const retry = resolveRetryOptions(options.retries, provider.network === true)
      const target = { stage: site.stage, model: request.model, kind: provider.kind }
      const onRetry = options.onRetry && ((e: RetryEvent) => options.onRetry?.({ ...e, stage: site.stage, model: request.model }))
      const result = await runLimited(limiterFor(provider, request.model, concurrency), site.signal, (callSignal) => withRetries(
        (signal) => (method as (r: typeof request, o: { signal: AbortSignal }) => Promise<CompletionResult>).call(provider, request, { signal }),
        target, retry, callSignal, onRetry,
      ))
      const problem = checkResult(result)
      if (problem) throw new ProviderError(`stage "${site.stage}" model "${request.model}" (${provider.kind}) returned a result that ${problem}`, { component: 'providers' })
      if (!recordable || mode === 'replay') return finish(result, 'provider')
      const response: CompletionResult = {
        text: result.text,
        usage: { promptTokens: result.usage.promptTokens, completionTokens: result.usage.completionTokens },
        finishReason: result.finishReason,
        model: result.model,
      }
      return finish(await store.write(site.pipeline, { digest, request: canonical, response }), 'recorded')
    }

    return {
      complete: (request) => call('complete', request),
      chat: (request) => call('chat', request),
    }
  }
}
