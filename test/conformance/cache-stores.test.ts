import { mkdtemp, rm } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { createFsStore } from '../../src/cache/fs.ts'
import { createMemoryStore } from '../../src/cache/memory.ts'
import { cacheStoreConformance } from './cache-store.ts'

cacheStoreConformance('memory', { create: () => createMemoryStore() })

const dirs: string[] = []
cacheStoreConformance('fs', {
  create: async () => {
    const dir = await mkdtemp(join(tmpdir(), 'butterfly-conformance-'))
    dirs.push(dir)
    return createFsStore({ dir, onWarning: (m) => { throw new Error(`unexpected warning: ${m}`) } })
  },
  cleanup: async () => {
    await Promise.all(dirs.splice(0).map((d) => rm(d, { recursive: true, force: true })))
  },
})
