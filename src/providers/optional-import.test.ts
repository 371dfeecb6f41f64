import { describe, expect, it } from 'vitest'
import { MissingDependencyError } from '../errors.ts'
import { importOptional } from './optional-import.ts'

const pkg = { name: 'not-installed-pkg-xyz', install: 'npm install -D not-installed-pkg-xyz', neededBy: 'thing()' }

describe('importOptional', () => {
  it('turns a missing package into an error that says how to install it', async () => {
    const error = await importOptional(() => import('not-installed-pkg-xyz' as string), pkg).catch((e: unknown) => e)
    expect(error).toBeInstanceOf(MissingDependencyError)
    expect((error as Error).message).toBe('[butterfly] [providers] thing() needs the optional package "not-installed-pkg-xyz", which is not installed; install it with: npm install -D not-installed-pkg-xyz')
  })
  it('keeps any other failure as it is', async () => {
    const boom = new Error('broken binary')
    await expect(importOptional(() => Promise.reject(boom), pkg)).rejects.toBe(boom)
  })
  it('returns the module when it is there', async () => {
    const mod = await importOptional(() => import('node:path'), { ...pkg, name: 'node:path' })
    expect(typeof mod.join).toBe('function')
  })
})
