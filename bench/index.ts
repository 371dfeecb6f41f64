// Entry of `npm run bench` (node --import tsx bench/index.ts [names...]).
// The alias hooks must be registered before any module that imports the
// package by name is loaded, hence the dynamic import.
import { register } from 'node:module'

register('./alias-hooks.mjs', import.meta.url)
const { main } = await import('./main.ts')
process.exitCode = await main(process.argv.slice(2))
