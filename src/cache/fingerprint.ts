import type { StageFingerprint } from '../core/compute.ts'
import { definingModule } from '../core/stage.ts'
import type { AnyStage } from '../core/stage.ts'
import { moduleGraphHash } from './module-graph.ts'
import { stageFilesHash } from './stage-files.ts'

// A stage object's code does not change while it lives (watch mode re-imports
// an edited module, making new stage objects), so its module graph is hashed
// once per stage object. Declared files are re-checked on every key.
const codeMemo = new WeakMap<AnyStage, string>()

/**
 * What a stage depends on besides its params, inputs and models, as the
 * engine keys it: the code fingerprint of the module that defined the stage
 * (unless the stage declares `version`) and the contents of its `files`; and
 * that module fingerprint as `schema`, whatever `version` says.
 *
 * @example
 * executePipeline(pipeline, params, { cache, fingerprint: stageFingerprint })
 */
export const stageFingerprint: StageFingerprint = (stage) => {
  let module = codeMemo.get(stage)
  if (module === undefined) {
    const file = definingModule(stage)
    if (file !== undefined) codeMemo.set(stage, (module = moduleGraphHash(file)))
  }
  // The module graph keys the stage unless it declares `version`; either way it
  // names the schema code that validated a cached output (never part of the key).
  const code = stage.version === undefined ? module : undefined
  const files = stage.files?.length ? stageFilesHash(stage.name, stage.files) : undefined
  return { ...(code ? { code } : {}), ...(files ? { files } : {}), ...(module ? { schema: module } : {}) }
}
