import { fileURLToPath } from 'node:url'
import ts from 'typescript'
import { describe, expect, it } from 'vitest'

const root = fileURLToPath(new URL('../..', import.meta.url))
const file = fileURLToPath(new URL('./run.test-d.ts', import.meta.url))

describe('public types', () => {
  it('run.test-d.ts compiles: outputs are typed by stage, and wrong stage names are type errors', () => {
    const configPath = ts.findConfigFile(root, ts.sys.fileExists, 'tsconfig.json')!
    const config = ts.getParsedCommandLineOfConfigFile(configPath, {}, { ...ts.sys, onUnRecoverableConfigFileDiagnostic: () => {} })!
    const program = ts.createProgram([file], { ...config.options, noEmit: true })
    const diagnostics = ts.getPreEmitDiagnostics(program).map((d) => {
      const where = d.file ? `${d.file.fileName}:${d.file.getLineAndCharacterOfPosition(d.start ?? 0).line + 1}` : ''
      return `${where} ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`
    })
    expect(diagnostics).toEqual([])
    expect(program.getSourceFile(file)).toBeDefined()
  })
})
