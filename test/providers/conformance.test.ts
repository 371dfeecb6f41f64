import { afterAll, beforeAll } from 'vitest'
import { local, openai } from 'vitest-butterfly/providers'
import { describeProviderContract } from '../conformance/provider.ts'
import { startOpenAIServer } from '../support/openai-server.ts'
import type { OpenAIServer } from '../support/openai-server.ts'
import { wordProvider } from '../support/word-provider.ts'

let server: OpenAIServer
beforeAll(async () => {
  server = await startOpenAIServer()
})
afterAll(() => server.close())

describeProviderContract('local() with the tiny GGUF model', () => ({ provider: local(), model: 'tiny-story' }))

describeProviderContract('openai() over HTTP against the loopback server', () => ({
  provider: openai({ baseURL: server.url.replace('http://', 'http://conformance:pass-in-url@'), apiKey: 'sk-conformance-key', model: 'tiny-story' }),
  model: 'tiny-story',
  secrets: ['sk-conformance-key', 'pass-in-url'],
}))

describeProviderContract('a custom plain-object provider', () => ({ provider: wordProvider({ msPerWord: 1 }), model: 'words' }))
