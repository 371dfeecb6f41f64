import { execFile } from 'node:child_process'
import { mkdtemp, rm, writeFile } from 'node:fs/promises'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { promisify } from 'node:util'
import type { EngineOptions, ExtractedText, ExtractionEngine } from './engine.ts'

const run = promisify(execFile)

// Poppler's tools are a Debian package, not an npm one: a missing binary is
// the one misuse worth its own message.
async function poppler(engine: string, tool: 'pdftotext' | 'pdfinfo', args: string[]): Promise<string> {
  try {
    return (await run(tool, args, { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 })).stdout
  } catch (cause) {
    if ((cause as NodeJS.ErrnoException).code === 'ENOENT') {
      throw new Error(`[butterfly] [document-facts] extraction.engine '${engine}' needs poppler's ${tool}, which is not installed: apt-get install poppler-utils (Debian/Ubuntu), brew install poppler (macOS)`, { cause })
    }
    throw new Error(`[butterfly] [document-facts] extraction.engine '${engine}': ${tool} failed: ${(cause as Error).message}`, { cause })
  }
}

function popplerEngine(name: 'pdftotext' | 'pdftotext-layout', modeArgs: string[]): ExtractionEngine {
  return {
    name,
    async extract(bytes: Uint8Array, options: EngineOptions): Promise<ExtractedText> {
      // pdftotext needs a seekable file, not a pipe.
      const dir = await mkdtemp(join(tmpdir(), 'butterfly-pdftotext-'))
      try {
        const file = join(dir, 'in.pdf')
        await writeFile(file, bytes)
        const info = await poppler(name, 'pdfinfo', [file])
        const pageCount = Number(/^Pages:\s+(\d+)/m.exec(info)?.[1] ?? 0)
        const last = Math.min(options.maxPages, pageCount)
        if (last === 0) return { pageCount, pages: [] }
        const text = await poppler(name, 'pdftotext', [...modeArgs, '-enc', 'UTF-8', '-f', '1', '-l', String(last), file, '-'])
        // Every page ends with a form feed.
        return { pageCount, pages: text.split('\f').slice(0, last) }
      } finally {
        await rm(dir, { recursive: true, force: true })
      }
    },
  }
}

/**
 * Poppler's `pdftotext` (Debian `poppler-utils`) as a child process, in its
 * default reading order (text flow by columns and blocks).
 */
export const pdftotextEngine: ExtractionEngine = popplerEngine('pdftotext', [])

/**
 * Poppler's `pdftotext -layout`: the physical layout, each visual line of the
 * page one line of text, columns padded with spaces.
 */
export const pdftotextLayoutEngine: ExtractionEngine = popplerEngine('pdftotext-layout', ['-layout'])
