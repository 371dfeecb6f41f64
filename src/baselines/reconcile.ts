import type { BaselineUpdateMode } from './options.ts'

/**
 * What comparing a file under `snapshots/` with the current run found:
 * `missing` (no file), `corrupt` (unreadable or invalid), `exceeded` (beyond
 * tolerance), `incomplete` (parts the file has no record of yet), `extra`
 * (parts the file records that are no longer checked), `within`.
 */
export type SnapshotFinding = 'missing' | 'corrupt' | 'exceeded' | 'incomplete' | 'extra' | 'within'

/**
 * What to do about a finding, tagged on `action`: `match` passes and writes
 * nothing; `write` creates the file; `update` rewrites it (with the reason
 * reported to the reviewer); `fail` writes nothing and fails the test;
 * `throw` means the caller rethrows the error that made the file corrupt.
 */
export type Reconciliation =
  | { action: 'match' }
  | { action: 'write' }
  | { action: 'update'; reason: 'drifted' | 'new-stages' | 'removed-stages' | 'corrupt' }
  | { action: 'fail'; reason: 'missing' | 'drifted' }
  | { action: 'throw' }

/**
 * The one reconcile step of everything kept under `snapshots/` (output
 * baselines and latency baselines): Vitest's update mode × what the
 * comparison found. `none` (CI) never writes; `new` (local default) writes
 * what is missing; `all` (`-u`) also rewrites what drifted, is corrupt, or
 * records parts no longer checked. A file within tolerance is never
 * rewritten, so an unchanged run never churns the reviewed files.
 *
 * @example
 * reconcile('new', 'missing')  // { action: 'write' }
 * reconcile('none', 'exceeded') // { action: 'fail', reason: 'drifted' }
 */
export function reconcile(update: BaselineUpdateMode, finding: SnapshotFinding): Reconciliation {
  switch (finding) {
    case 'missing':
      return update === 'none' ? { action: 'fail', reason: 'missing' } : { action: 'write' }
    case 'corrupt':
      return update === 'all' ? { action: 'update', reason: 'corrupt' } : { action: 'throw' }
    case 'exceeded':
      return update === 'all' ? { action: 'update', reason: 'drifted' } : { action: 'fail', reason: 'drifted' }
    case 'incomplete':
      return update === 'none' ? { action: 'fail', reason: 'missing' } : { action: 'update', reason: 'new-stages' }
    case 'extra':
      return update === 'all' ? { action: 'update', reason: 'removed-stages' } : { action: 'match' }
    case 'within':
      return { action: 'match' }
  }
}
