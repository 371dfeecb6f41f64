/**
 * Screenshots an HTML report the way the browser test renders it (Debian's
 * Chromium, headless), for the README:
 *
 *   node --import tsx test/support/screenshot-report.ts butterfly-report.html docs/html-report.png
 */
import { resolve } from 'node:path'
import { pathToFileURL } from 'node:url'
import { NO_CHROMIUM, chromiumPath, launchChromium } from './chromium.ts'

const [html = 'butterfly-report.html', png = 'docs/html-report.png', height = '1300'] = process.argv.slice(2)
const exe = chromiumPath()
if (!exe) throw new Error(NO_CHROMIUM)
const { context, close } = await launchChromium(exe)
try {
  const page = await context.newPage()
  await page.goto(pathToFileURL(resolve(html)).href)
  // The summary and the first (failing-first) invariants: what a reviewer sees first.
  await page.screenshot({ path: resolve(png), clip: { x: 0, y: 0, width: 1100, height: Number(height) } })
} finally {
  await close()
}
