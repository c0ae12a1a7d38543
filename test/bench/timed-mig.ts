import { readFileSync } from 'node:fs'
import { startMig, type MigResult } from '../support/run-mig.js'

export interface TimedMig extends MigResult {
  readonly seconds: number
  /** Highest VmHWM (peak resident set) seen in /proc/<pid>/status, in MiB; null when /proc is unavailable. */
  readonly peakRssMb: number | null
}

/** kB value of a /proc/<pid>/status field, or undefined once the process is gone. */
function statusField(pid: number, field: string): number | undefined {
  try {
    const match = new RegExp(`^${field}:\\s+(\\d+)\\s+kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))
    return match?.[1] === undefined ? undefined : Number(match[1])
  } catch {
    return undefined
  }
}

/**
 * Runs the real `mig` binary as a child process, timed wall-clock from spawn to exit, sampling its
 * peak RSS (VmHWM, which the kernel keeps as a high-water mark) every `sampleMs`.
 */
export async function runMigTimed(args: readonly string[], sampleMs = 50): Promise<TimedMig> {
  const start = performance.now()
  const run = startMig(args)
  const pid = run.child.pid
  let peakKb = 0
  let sampled = false
  const sample = (): void => {
    if (pid === undefined) return
    const kb = statusField(pid, 'VmHWM') ?? statusField(pid, 'VmRSS')
    if (kb !== undefined) {
      sampled = true
      peakKb = Math.max(peakKb, kb)
    }
  }
  sample()
  const timer = setInterval(sample, sampleMs)
  // the last look before the process is reaped: 'exit' fires before stdio closes, the zombie's status may still be readable
  run.child.once('exit', sample)
  try {
    const result = await run.result
    const seconds = (performance.now() - start) / 1000
    return { ...result, seconds, peakRssMb: sampled ? peakKb / 1024 : null }
  } finally {
    clearInterval(timer)
  }
}
