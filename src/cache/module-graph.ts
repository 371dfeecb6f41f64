import { builtinModules } from 'node:module'
import { dirname, join, relative, resolve, sep } from 'node:path'
import { fileURLToPath } from 'node:url'
import { sha256 } from '../core/hash.ts'
import { fileHash, fileText } from '../fs/file-hash.ts'

// `from 'x'`, `import 'x'`, `import('x')`, `require('x')`: over-matching (a
// specifier in a comment) only makes the fingerprint cover one file too many.
const SPECIFIER = /\b(?:from|import|require)\s*\(?\s*["']([^"'\n]+)["']/g
const EXTENSIONS = ['.ts', '.tsx', '.mts', '.cts', '.js', '.mjs', '.cjs', '.jsx', '.json']
const BUILTINS = new Set(builtinModules)

/**
 * A fingerprint of a module's code: the hash of its source and of every local
 * module it imports, transitively (followed through relative and absolute
 * specifiers, never into `node_modules`), plus the installed version of every
 * package it imports. File paths enter relative to the entry module, so the
 * fingerprint is the same on every machine that has the same code.
 *
 * @example
 * moduleGraphHash('/repo/pipelines/facts.ts') // 'b5f1…' (64 hex characters)
 */
export function moduleGraphHash(entry: string): string {
  const root = entry.startsWith('file:') ? fileURLToPath(entry) : entry
  const base = dirname(root)
  const parts: string[] = []
  const seen = new Set<string>()
  const queue = [root]
  while (queue.length > 0) {
    const file = queue.pop()!
    if (seen.has(file)) continue
    seen.add(file)
    const hash = fileHash(file)
    parts.push(`${relative(base, file).split(sep).join('/')}:${hash ?? 'unreadable'}`)
    const text = hash === undefined ? undefined : fileText(file)
    for (const [, specifier] of text?.matchAll(SPECIFIER) ?? []) {
      const dep = resolveSpecifier(specifier!, dirname(file))
      if (dep.kind === 'other') parts.push(dep.id)
      else if (dep.kind === 'file' && !dep.path.split(sep).includes('node_modules')) queue.push(dep.path)
    }
  }
  return sha256([...new Set(parts)].sort().join('\n'))
}

type Resolved = { kind: 'file'; path: string } | { kind: 'builtin' } | { kind: 'other'; id: string }

function resolveSpecifier(specifier: string, from: string): Resolved {
  const bare = specifier.replace(/[?#].*$/, '')
  if (bare.startsWith('node:') || BUILTINS.has(bare)) return { kind: 'builtin' }
  if (bare.startsWith('.') || bare.startsWith('/') || bare.startsWith('file:')) {
    const target = bare.startsWith('file:') ? fileURLToPath(bare) : resolve(from, bare)
    const path = localFile(target)
    return path ? { kind: 'file', path } : { kind: 'other', id: `unresolved:${relative(from, target)}` }
  }
  const name = bare.startsWith('@') ? bare.split('/').slice(0, 2).join('/') : bare.split('/')[0]!
  return { kind: 'other', id: `package:${name}@${installedVersion(name, from) ?? 'not-found'}` }
}

// TypeScript ESM imports name `.js` for a `.ts` file; bundler-style imports name no extension.
function localFile(target: string): string | undefined {
  const stem = target.replace(/\.(?:[mc]?js|jsx)$/, '')
  const candidates = [target, ...EXTENSIONS.map((ext) => stem + ext), ...EXTENSIONS.map((ext) => join(target, `index${ext}`))]
  return candidates.find((path) => fileHash(path) !== undefined)
}

function installedVersion(name: string, from: string): string | undefined {
  for (let dir = from; ; dir = dirname(dir)) {
    const text = fileText(join(dir, 'node_modules', name, 'package.json'))
    if (text !== undefined) {
      try {
        return String((JSON.parse(text) as { version?: unknown }).version)
      } catch {
        return 'unreadable'
      }
    }
    if (dirname(dir) === dir) return undefined
  }
}
