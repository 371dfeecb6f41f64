#!/usr/bin/env node
// The `vitest-butterfly` command (package.json "bin").
import { main } from './index.ts'

process.exitCode = await main(process.argv.slice(2))
