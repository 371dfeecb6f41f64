import http from 'node:http'

/**
 * The leanest client there is for the loopback server: node:http with a
 * keep-alive agent, one POST per call, body parsed as JSON. It measures what
 * the machine allows (timers, scheduling, loopback TCP) at a concurrency, so
 * that the harness's own overhead can be told apart from the machine's.
 */
export function rawClient(baseURL: string, maxSockets: number): { complete(prompt: string): Promise<unknown>; close(): void } {
  const agent = new http.Agent({ keepAlive: true, maxSockets })
  const url = new URL(`${baseURL}/completions`)
  return {
    complete: (prompt) => new Promise((resolve, reject) => {
      const data = JSON.stringify({ model: 'm', prompt, max_tokens: 16, temperature: 0 })
      const request = http.request({
        agent, host: url.hostname, port: url.port, path: url.pathname, method: 'POST',
        headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(data) },
      }, (response) => {
        const chunks: Buffer[] = []
        response.on('data', (c: Buffer) => chunks.push(c))
        response.on('end', () => {
          try {
            resolve(JSON.parse(Buffer.concat(chunks).toString('utf8')))
          } catch (error) {
            reject(error)
          }
        })
      })
      request.on('error', reject)
      request.end(data)
    }),
    close: () => agent.destroy(),
  }
}
