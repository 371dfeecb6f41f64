/**
 * The layer order of `src/`, checked on the import graph (type imports
 * included: a type import still ties the two folders together). A folder may
 * import its own files, any folder of a lower layer, and a folder of its own
 * layer as long as no folder cycle forms. Entry files (`index.ts`) follow the
 * rules of their folder, except the root entry, which sits above everything
 * but `vitest/` and the integrations.
 */
import { readdirSync, readFileSync } from 'node:fs'
import { dirname, join, posix, relative } from 'node:path'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const src = fileURLToPath(new URL('../../src', import.meta.url))

/** Lower layers first. Unknown folders fail the test, so that a new folder gets a place. */
const LAYERS: readonly (readonly string[])[] = [
  ['errors.ts', 'constants.ts'],
  ['core'],
  ['fs', 'stats', 'cache', 'providers', 'metrics', 'run', 'perturbations', 'baselines', 'verdict'],
  ['judge', 'latency', 'integrations/promptfoo'],
  ['report'],
  ['vitest'],
]
const ROOT_ENTRY = 'index.ts'
/** What the root entry may load: the engine, which runs without vitest. */
const ROOT_MAY_IMPORT = new Set(LAYERS.slice(0, 3).flat())

function sourceFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((d) => {
    const path = join(dir, d.name)
    if (d.isDirectory()) return sourceFiles(path)
    return d.name.endsWith('.ts') && !/\.test(-d)?\.ts$/.test(d.name) ? [path] : []
  })
}

/** The unit a file belongs to: its folder (two levels under integrations/), or a top-level file's name. */
function unitOf(file: string): string {
  const parts = relative(src, file).split(/[\\/]/)
  if (parts.length === 1) return parts[0]!
  if (parts[0] === 'integrations') return `integrations/${parts[1]}`
  return parts[0]!
}

const rank = (unit: string): number => LAYERS.findIndex((layer) => layer.includes(unit))

interface Edge { from: string; to: string; file: string; spec: string }
interface Import { spec: string; typeOnly: boolean; dynamic: boolean }

/** Static imports and re-exports (`import type` marked), and `import('…')` with a literal. */
function importsOf(file: string): Import[] {
  const text = readFileSync(file, 'utf8')
  const found: Import[] = []
  for (const m of text.matchAll(/(?:^|\n)\s*(import|export)(\s+type)?\s+(?:[\w$*{},\s]*?\sfrom\s*)?['"]([^'"]+)['"]/g)) {
    found.push({ spec: m[3]!, typeOnly: Boolean(m[2]), dynamic: false })
  }
  for (const m of text.matchAll(/import\(\s*['"]([^'"]+)['"]\s*\)/g)) found.push({ spec: m[1]!, typeOnly: false, dynamic: true })
  return found
}

const isRelative = (spec: string): boolean => spec.startsWith('./') || spec.startsWith('../')
const files = sourceFiles(src)

const edges: Edge[] = files.flatMap((file) => importsOf(file).filter((i) => isRelative(i.spec)).map(({ spec }) => (
  { from: unitOf(file), to: unitOf(join(dirname(file), spec)), file: posix.normalize(relative(src, file)), spec }
)))

/** Packages (and node: builtins) the root entry loads when it is imported: static value imports, transitively. */
function packagesLoadedBy(entry: string): Map<string, string> {
  const seen = new Set<string>()
  const packages = new Map<string, string>()
  const visit = (file: string): void => {
    if (seen.has(file)) return
    seen.add(file)
    for (const i of importsOf(file)) {
      if (i.typeOnly || i.dynamic) continue
      if (isRelative(i.spec)) visit(join(dirname(file), i.spec))
      else packages.set(i.spec, posix.normalize(relative(src, file)))
    }
  }
  visit(entry)
  return packages
}

describe('the layout of src/', () => {
  it('finds the import graph (the check would pass vacuously otherwise)', () => {
    expect(edges.length).toBeGreaterThan(100)
    expect(edges.some((e) => e.from === 'vitest' && e.to === 'core')).toBe(true)
  })

  it('puts every folder in a layer', () => {
    const units = new Set(files.map(unitOf).filter((u) => u !== ROOT_ENTRY))
    expect([...units].filter((u) => rank(u) < 0)).toEqual([])
  })

  it('imports only downwards (or sideways without a cycle)', () => {
    const wrong = edges
      .filter((e) => e.from !== e.to && e.from !== ROOT_ENTRY && rank(e.to) > rank(e.from))
      .map((e) => `${e.file} -> ${e.spec} (${e.from} is below ${e.to})`)
    expect(wrong).toEqual([])
  })

  it('keeps the root entry to the engine: nothing that needs vitest or an optional integration', () => {
    const wrong = edges.filter((e) => e.from === ROOT_ENTRY && !ROOT_MAY_IMPORT.has(e.to)).map((e) => `${e.file} -> ${e.spec}`)
    expect(wrong).toEqual([])
  })

  it('loads no vitest, vendor SDK or optional peer from the root entry (they load on first use)', () => {
    const loaded = packagesLoadedBy(join(src, ROOT_ENTRY))
    expect(loaded.size).toBeGreaterThan(0)
    const allowed = /^(node:|p-limit$|pure-rand\/|safe-stable-stringify$|json-diff-ts$)/
    expect([...loaded].filter(([name]) => !allowed.test(name)).map(([name, by]) => `${name} (imported by ${by})`)).toEqual([])
  })

  it('keeps core/ free of vitest, the file system and vendor SDKs', () => {
    const core = files.filter((f) => unitOf(f) === 'core')
    const wrong = core.flatMap((f) => importsOf(f).filter((i) => !isRelative(i.spec) && !i.typeOnly && !/^(node:(crypto|events|util)|p-limit|safe-stable-stringify|pure-rand\/.*)$/.test(i.spec))
      .map((i) => `${relative(src, f)} -> ${i.spec}`))
    expect(wrong).toEqual([])
  })

  it('has no folder cycle', () => {
    const next = new Map<string, Set<string>>()
    for (const e of edges) if (e.from !== e.to) next.set(e.from, (next.get(e.from) ?? new Set()).add(e.to))
    const cycles: string[] = []
    const state = new Map<string, 'open' | 'done'>()
    const visit = (unit: string, path: string[]): void => {
      if (state.get(unit) === 'done') return
      if (state.get(unit) === 'open') { cycles.push([...path.slice(path.indexOf(unit)), unit].join(' -> ')); return }
      state.set(unit, 'open')
      for (const to of next.get(unit) ?? []) visit(to, [...path, unit])
      state.set(unit, 'done')
    }
    for (const unit of next.keys()) visit(unit, [])
    expect(cycles).toEqual([])
  })
})
