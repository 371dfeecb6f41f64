import { existsSync, mkdtempSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import type { BrowserContext } from 'playwright-core'

/**
 * The Chromium the browser tests drive: `$CHROMIUM_PATH`, else Debian's
 * `/usr/bin/chromium` (`.ci/run` installs it). Never downloaded: `undefined`
 * when there is none, and the tests skip saying so.
 */
export function chromiumPath(): string | undefined {
  const candidates = [process.env.CHROMIUM_PATH, '/usr/bin/chromium', '/usr/bin/chromium-browser'].filter((p): p is string => Boolean(p))
  return candidates.find((p) => existsSync(p))
}

/** Why a browser test is skipped on a machine without Chromium. */
export const NO_CHROMIUM = 'no Chromium found ($CHROMIUM_PATH, /usr/bin/chromium): install the Debian package (apt-get install chromium) to run the browser tests'

/**
 * Launches headless Chromium with a fresh profile and nothing that reaches
 * the network on its own (no updates, sync or background requests).
 * `close()` also removes the profile.
 */
export async function launchChromium(executablePath: string): Promise<{ context: BrowserContext; close: () => Promise<void> }> {
  const { chromium } = await import('playwright-core')
  const profile = mkdtempSync(join(tmpdir(), 'butterfly-chromium-'))
  // A fresh --user-data-dir: Playwright takes it as the persistent context's directory.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    viewport: { width: 1100, height: 900 },
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  })
  return {
    context,
    close: async () => {
      await context.close()
      rmSync(profile, { recursive: true, force: true })
    },
  }
}
