import { randomBytes } from 'node:crypto'
import { existsSync, readdirSync, readFileSync, rmSync } from 'node:fs'
import { createServer } from 'node:http'
import type { AddressInfo } from 'node:net'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { copyFixture } from './fixture-project.ts'

const TIMEOUT = 180_000

// The spec the fixture runs (in the baselines fixture's project, instead of its own spec).
const SPEC = `import { describe, expect, it } from 'vitest'
import { z } from 'zod'
import { definePipeline, defineStage } from 'vitest-butterfly'
import { openai } from 'vitest-butterfly/providers'

// The endpoint (started by the e2e test) answers 401 and echoes the key it
// was sent in the body, as some servers do. The key is given as an option,
// under a name no environment rule would recognise.
const story = defineStage({
  name: 'story',
  stochastic: true,
  output: z.string(),
  run: async ({ ctx }) => (await ctx.llm.complete({ model: 'remote', prompt: 'Once upon a time', seed: ctx.seed, max_tokens: 4 })).text,
})
const pipeline = definePipeline({
  name: 'secrets',
  params: z.object({}),
  stages: [story],
  models: { remote: openai({ baseURL: process.env.ECHO_URL!, apiKey: process.env.FIXTURE_CANARY!, headers: { 'x-api-key': process.env.FIXTURE_CANARY! } }) },
})

describe('an endpoint that echoes the key', () => {
  it('matches the baseline', async () => {
    await expect(pipeline).toMatchBaseline()
  })
})
`

describe('a key echoed by a failing endpoint stays out of the console, the reports and every written file', () => {
  const fixture = copyFixture('baselines')
  rmSync(fixture.path('specs', 'baseline.spec.ts'))
  fixture.write('specs/secret.spec.ts', SPEC)
  // No "sk-" or "Bearer" shape: only the registered key can find it.
  const canary = `canary${randomBytes(16).toString('hex')}`
  const echo = createServer((req, res) => {
    req.resume()
    req.on('end', () => {
      const sent = String(req.headers.authorization ?? '').replace(/^Bearer /, '')
      res.writeHead(401, { 'content-type': 'application/json', 'x-echo': sent })
        .end(JSON.stringify({ error: { message: `Incorrect API key provided: ${sent} (x-api-key ${String(req.headers['x-api-key'])})`, type: 'invalid_request_error' } }))
    })
  })
  afterAll(async () => {
    fixture.remove()
    await new Promise<void>((resolve) => echo.close(() => resolve()))
  })

  it('fails the test with a 401 naming the endpoint, writes no baseline and no secret anywhere', async () => {
    await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve))
    const url = `http://127.0.0.1:${(echo.address() as AddressInfo).port}/v1`
    const run = await fixture.vitest(['run'], { ECHO_URL: url, FIXTURE_CANARY: canary, OPENAI_API_KEY: undefined, OPENAI_BASE_URL: undefined })
    expect(run.code, run.output).toBe(1)
    expect(run.output).toContain('refused the credentials (401)')
    expect(run.output).toContain(`127.0.0.1:${(echo.address() as AddressInfo).port}/v1`)
    expect(run.output).not.toContain(canary)
    expect(existsSync(fixture.path('snapshots'))).toBe(false)
    const files = readdirSync(fixture.dir, { recursive: true, withFileTypes: true }).filter((e) => e.isFile()).map((e) => join(e.parentPath, e.name))
    expect(files.some((f) => f.endsWith('butterfly-report.md'))).toBe(true)
    expect(files.some((f) => f.endsWith('butterfly-report.json'))).toBe(true)
    for (const file of files) expect(readFileSync(file, 'latin1'), file).not.toContain(canary)
  }, TIMEOUT)
})
