import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { mkdir, writeFile } from 'node:fs/promises'
import { join } from 'node:path'
import { beforeEach, describe, expect, it } from 'vitest'
import { tempDir } from '../../test/support/temp-dir.ts'
import { writeFileAtomic, writeFileAtomicSync } from './atomic-write.ts'

describe.each([
  ['writeFileAtomic', (file: string, data: string, options?: { beforeWrite?: () => void }) => writeFileAtomic(file, data, options)],
  ['writeFileAtomicSync', async (file: string, data: string, options?: { beforeWrite?: () => void }) => writeFileAtomicSync(file, data, options)],
] as const)('%s', (_, write) => {
  let dir = ''
  const temp = (): string => dir
  beforeEach(() => { dir = tempDir('atomic-write-') })

  it('creates the folders, replaces the old content, and leaves no temporary file', async () => {
    const file = join(temp(), 'a', 'b', 'entry.json')
    await write(file, 'one')
    await write(file, 'two')
    expect(readFileSync(file, 'utf8')).toBe('two')
    expect(readdirSync(join(temp(), 'a', 'b'))).toEqual(['entry.json'])
  })

  it('writes nothing when beforeWrite throws, and rethrows its error', async () => {
    const file = join(temp(), 'x', 'entry.json')
    await expect(write(file, 'data', { beforeWrite: () => { throw new Error('outside') } })).rejects.toThrow('outside')
    expect(existsSync(file)).toBe(false)
    expect(readdirSync(join(temp(), 'x'))).toEqual([])
  })

  it('keeps the old content and removes the temporary file when the rename fails', async () => {
    // A directory where the file should go: the temp file is written, the rename fails.
    const file = join(temp(), 'taken')
    await mkdir(join(file, 'inside'), { recursive: true })
    await writeFile(join(file, 'inside', 'keep'), 'old')
    await expect(write(file, 'new')).rejects.toThrow()
    expect(readdirSync(temp())).toEqual(['taken'])
    expect(readFileSync(join(file, 'inside', 'keep'), 'utf8')).toBe('old')
  })
})
