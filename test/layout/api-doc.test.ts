/**
 * docs/api.md lists every public name: each name an entry exports appears
 * there in backticks, and each entry has its section.
 */
import { readFileSync } from 'node:fs'
import { fileURLToPath } from 'node:url'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const pkg = JSON.parse(readFileSync(`${root}package.json`, 'utf8')) as { exports: Record<string, { types: string } | string> }
const doc = readFileSync(`${root}docs/api.md`, 'utf8')

/** The source of an entry: its built path mapped back to src/. */
const sourceOf = (built: string): string => built.replace(/^\.\/dist\//, 'src/').replace(/\.d\.ts$/, '.ts')

function exportedNames(file: string): string[] {
  const text = readFileSync(`${root}${file}`, 'utf8')
  const names: string[] = []
  for (const m of text.matchAll(/export (?:type )?\{([^}]*)\}/g)) {
    for (const part of m[1]!.split(',').map((s) => s.trim()).filter(Boolean)) names.push(part.split(/\s+as\s+/).pop()!)
  }
  return names
}

const entries = Object.entries(pkg.exports).filter(([subpath, target]) => typeof target !== 'string' && !['./plugin', './setup'].includes(subpath))

describe('docs/api.md', () => {
  it('has entries to check', () => {
    expect(entries.map(([subpath]) => subpath)).toEqual(expect.arrayContaining(['.', './vitest', './providers', './judge', './promptfoo', './latency']))
  })

  for (const [subpath, target] of entries) {
    const specifier = subpath === '.' ? 'vitest-butterfly' : `vitest-butterfly/${subpath.slice(2)}`
    it(`lists every name ${specifier} exports`, () => {
      const names = exportedNames(sourceOf((target as { types: string }).types))
      expect(names.length).toBeGreaterThan(0)
      expect(doc).toContain(`## \`${specifier}\``)
      expect(names.filter((name) => ![`\`${name}\``, `\`${name}(`, `\`${name}.`].some((form) => doc.includes(form)))).toEqual([])
    })
  }
})
