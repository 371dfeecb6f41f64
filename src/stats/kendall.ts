import { StatsError } from '../errors.ts'

function requirePaired(fn: string, x: readonly number[], y: readonly number[]): void {
  if (x.length !== y.length) {
    throw new StatsError(`${fn} needs two arrays of the same length, got ${x.length} and ${y.length}`, { component: 'stats' })
  }
  for (let i = 0; i < x.length; i++) {
    if (!Number.isFinite(x[i]) || !Number.isFinite(y[i])) {
      throw new StatsError(`${fn} got a non-finite value at index ${i}`, { component: 'stats' })
    }
  }
}

/**
 * Kendall's rank correlation τ_b between two paired score (or rank) vectors,
 * with the tie correction: (concordant − discordant) / √((n0 − n1)(n0 − n2)).
 * Only the order of the values matters. Throws `StatsError` for fewer than two
 * pairs, unequal lengths, or when one vector is constant (τ is undefined then).
 *
 * @example
 * kendallTauB([1, 2, 3, 4, 5], [3, 4, 1, 2, 5]) // 0.2 (6 concordant, 4 discordant)
 * kendallTauB([12, 2, 1, 12, 2], [1, 4, 7, 1, 0]) // -0.4714… (with ties)
 */
export function kendallTauB(x: readonly number[], y: readonly number[]): number {
  requirePaired('kendallTauB', x, y)
  const n = x.length
  if (n < 2) throw new StatsError(`kendallTauB needs at least two pairs, got ${n}`, { component: 'stats' })
  let concordant = 0
  let discordant = 0
  let tiesX = 0
  let tiesY = 0
  // O(n²) is plenty for rankings of models, prompts or documents (n in the hundreds).
  for (let i = 0; i < n; i++) {
    const xi = x[i] as number
    const yi = y[i] as number
    for (let j = i + 1; j < n; j++) {
      const dx = Math.sign((x[j] as number) - xi)
      const dy = Math.sign((y[j] as number) - yi)
      if (dx === 0) tiesX += 1
      if (dy === 0) tiesY += 1
      if (dx !== 0 && dy !== 0) {
        if (dx === dy) concordant += 1
        else discordant += 1
      }
    }
  }
  const n0 = (n * (n - 1)) / 2
  const denominator = Math.sqrt((n0 - tiesX) * (n0 - tiesY))
  if (denominator === 0) {
    throw new StatsError('kendallTauB is undefined when one of the vectors is constant (all values tied)', { component: 'stats' })
  }
  return (concordant - discordant) / denominator
}

/**
 * Ranks of values, 1 = smallest, ties sharing the average of their ranks
 * (fractional ranking). Also returns Σ(t³ − t) over the tie groups, which
 * tie corrections need.
 *
 * @example
 * averageRanks([10, 20, 20, 30]) // { ranks: [1, 2.5, 2.5, 4], tieTerm: 6 }
 */
export function averageRanks(values: readonly number[]): { ranks: number[]; tieTerm: number } {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0])
  const ranks = new Array<number>(values.length)
  let tieTerm = 0
  for (let start = 0; start < order.length; ) {
    let end = start
    while (end + 1 < order.length && order[end + 1]![0] === order[start]![0]) end += 1
    const t = end - start + 1
    const rank = (start + end) / 2 + 1
    for (let k = start; k <= end; k++) ranks[order[k]![1]] = rank
    tieTerm += t ** 3 - t
    start = end + 1
  }
  return { ranks, tieTerm }
}

/**
 * Kendall's coefficient of concordance W of m rankings of the same n items,
 * with the tie correction: W = 12·S / (m²(n³ − n) − m·Σ T_j), where S is the
 * sum of squared deviations of the items' rank sums and T_j = Σ(t³ − t) over
 * the tie groups of ranking j. Each row is one rater's ranks or scores of the
 * n items (converted to average ranks, so only the order matters; the
 * direction must be the same for all rows). 1 = complete agreement,
 * 0 = none. Throws `StatsError` for fewer than two items or raters, ragged
 * rows, or when every row is constant.
 *
 * @example
 * kendallW([[1, 2, 3], [1, 2, 3], [1, 2, 3]]) // 1
 * kendallW([[1, 6, 3, 2, 5, 4], [1, 5, 6, 4, 2, 3], [6, 3, 2, 5, 4, 1]]) // 0.1619… (306 / 1890)
 */
export function kendallW(rankings: readonly (readonly number[])[]): number {
  const m = rankings.length
  if (m < 2) throw new StatsError(`kendallW needs at least two rankings, got ${m}`, { component: 'stats' })
  const n = rankings[0]!.length
  if (n < 2) throw new StatsError(`kendallW needs at least two items per ranking, got ${n}`, { component: 'stats' })
  const rankSums = new Array<number>(n).fill(0)
  let tieTerms = 0
  rankings.forEach((row, j) => {
    if (row.length !== n) {
      throw new StatsError(`kendallW needs rankings of equal length: ranking 0 has ${n} items, ranking ${j} has ${row.length}`, { component: 'stats' })
    }
    if (!row.every(Number.isFinite)) throw new StatsError(`kendallW got a non-finite value in ranking ${j}`, { component: 'stats' })
    const { ranks, tieTerm } = averageRanks(row)
    ranks.forEach((r, i) => (rankSums[i]! += r))
    tieTerms += tieTerm
  })
  const meanSum = (m * (n + 1)) / 2
  const s = rankSums.reduce((acc, r) => acc + (r - meanSum) ** 2, 0)
  const denominator = m * m * (n ** 3 - n) - m * tieTerms
  if (denominator === 0) throw new StatsError('kendallW is undefined when every ranking ties all items', { component: 'stats' })
  return (12 * s) / denominator
}
