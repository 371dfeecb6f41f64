import { describe, expect, it } from 'vitest'
import type { BaselineUpdateMode } from './options.ts'
import { reconcile } from './reconcile.ts'
import type { SnapshotFinding } from './reconcile.ts'

describe('reconcile', () => {
  // The whole table, written out: a change to any cell changes what CI or -u does to reviewed files.
  const table: Record<SnapshotFinding, Record<BaselineUpdateMode, string>> = {
    missing: { none: 'fail:missing', new: 'write', all: 'write' },
    corrupt: { none: 'throw', new: 'throw', all: 'update:corrupt' },
    exceeded: { none: 'fail:drifted', new: 'fail:drifted', all: 'update:drifted' },
    incomplete: { none: 'fail:missing', new: 'update:new-stages', all: 'update:new-stages' },
    extra: { none: 'match', new: 'match', all: 'update:removed-stages' },
    within: { none: 'match', new: 'match', all: 'match' },
  }
  for (const [finding, modes] of Object.entries(table)) {
    for (const [mode, expected] of Object.entries(modes)) {
      it(`${finding} under update mode "${mode}" is ${expected}`, () => {
        const r = reconcile(mode as BaselineUpdateMode, finding as SnapshotFinding)
        expect('reason' in r ? `${r.action}:${r.reason}` : r.action).toBe(expected)
      })
    }
  }

  it('never writes in CI (update mode "none")', () => {
    for (const finding of Object.keys(table) as SnapshotFinding[]) {
      expect(['write', 'update']).not.toContain(reconcile('none', finding).action)
    }
  })
})
