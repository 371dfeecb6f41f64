import { describe, expect, it } from 'vitest'
import { ProviderError } from '../errors.ts'
import { endpointIdentity } from './endpoint.ts'
import { openai } from './openai.ts'

describe('endpointIdentity', () => {
  it('normalises spellings of one endpoint to one identity', () => {
    expect(endpointIdentity('HTTP://LocalHost:80/v1/')).toBe('http://localhost/v1')
    expect(endpointIdentity('https://api.openai.com:443/v1')).toBe('https://api.openai.com/v1')
    expect(endpointIdentity(' http://127.0.0.1:8000/v1// ')).toBe('http://127.0.0.1:8000/v1')
  })

  it('keeps what tells endpoints apart: scheme, host, port and path', () => {
    const ids = ['http://127.0.0.1:8000/v1', 'http://127.0.0.1:8001/v1', 'https://127.0.0.1:8000/v1', 'http://127.0.0.1:8000/openai/v1', 'http://10.0.0.2:8000/v1']
    expect(new Set(ids.map((u) => endpointIdentity(u))).size).toBe(ids.length)
  })

  it('leaves out user info, query and fragment, which may carry credentials', () => {
    expect(endpointIdentity('https://user:hunter2secret@gw.example.com/v1?api-key=abcdefgh#x')).toBe('https://gw.example.com/v1')
  })

  it('a malformed URL is an error naming where it came from, without its password', () => {
    expect(() => endpointIdentity('not a url', 'OPENAI_BASE_URL')).toThrow(ProviderError)
    expect(() => endpointIdentity('not a url', 'OPENAI_BASE_URL')).toThrow(/OPENAI_BASE_URL "not a url" is not a URL/)
    expect(() => endpointIdentity('ftp://h/v1')).toThrow(/not an http\(s\) URL/)
    expect(() => openai({ baseURL: 'http//oops' })).toThrow(/openai\(\{ baseURL \}\) "http\/\/oops" is not a URL/)
  })

  it('openai() identity: endpoint and upstream model, never the key', () => {
    const p = openai({ baseURL: 'http://127.0.0.1:8000/v1/', apiKey: 'sk-never-in-identity-123', model: 'qwen' })
    expect(p.identity).toEqual({ endpoint: 'http://127.0.0.1:8000/v1', upstream: 'qwen' })
    expect(JSON.stringify(openai({ apiKey: 'sk-never-in-identity-123' }).identity)).not.toContain('sk-never')
  })
})
