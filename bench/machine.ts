import { cpus, totalmem } from 'node:os'

/** One line naming the machine the figures come from. */
export function machineLine(): string {
  const list = cpus()
  const model = list[0]?.model.trim() ?? 'unknown CPU'
  return `${model}, ${list.length} cores, ${(totalmem() / 2 ** 30).toFixed(1)} GiB RAM, Node ${process.version}, ${process.platform}/${process.arch}`
}
