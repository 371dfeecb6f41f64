/**
 * The Standard Schema v1 interface (https://standardschema.dev), declared here
 * as the spec recommends so that zod, valibot, arktype and others all work
 * without vitest-butterfly depending on any of them.
 */
export interface StandardSchemaV1<Input = unknown, Output = Input> {
  readonly '~standard': {
    readonly version: 1
    readonly vendor: string
    readonly validate: (value: unknown) => StandardResult<Output> | Promise<StandardResult<Output>>
    readonly types?: { readonly input: Input; readonly output: Output } | undefined
  }
}

/** What a Standard Schema's `validate` returns. */
export type StandardResult<Output> =
  | { readonly value: Output; readonly issues?: undefined }
  | { readonly issues: ReadonlyArray<StandardIssue> }

/** One validation problem, with the path inside the value. */
export interface StandardIssue {
  readonly message: string
  readonly path?: ReadonlyArray<PropertyKey | { readonly key: PropertyKey }> | undefined
}

/** The output type of a Standard Schema. */
export type InferOutput<S> = S extends StandardSchemaV1<unknown, infer O> ? O : never

/** The outcome of {@link validateWith}: the parsed value, or the issues rendered as text. */
export type ValidationOutcome<T> =
  | { status: 'valid'; value: T }
  | { status: 'invalid'; issues: { path: string; message: string }[] }

/** Runs a Standard Schema and renders issue paths as `[3].value` / `generation.top_p`. */
export async function validateWith<T>(schema: StandardSchemaV1<unknown, T>, value: unknown): Promise<ValidationOutcome<T>> {
  const result = await schema['~standard'].validate(value)
  if (!result.issues) return { status: 'valid', value: result.value }
  return {
    status: 'invalid',
    issues: result.issues.map((issue) => ({ path: formatPath(issue.path), message: issue.message })),
  }
}

/** Renders a Standard Schema issue path: numbers as `[i]`, keys as `.key`, `(root)` when empty. */
export function formatPath(path: StandardIssue['path']): string {
  if (!path || path.length === 0) return '(root)'
  let out = ''
  for (const segment of path) {
    const key = typeof segment === 'object' && segment !== null ? segment.key : segment
    if (typeof key === 'number') out += `[${key}]`
    else out += out === '' ? String(key) : `.${String(key)}`
  }
  return out
}

/** True when `value` looks like a Standard Schema. */
export function isStandardSchema(value: unknown): value is StandardSchemaV1 {
  return typeof value === 'object' && value !== null && '~standard' in value
}
