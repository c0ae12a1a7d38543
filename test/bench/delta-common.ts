/** What the delta parts (orders, catalog) share: their figures, and the SQL and output helpers around `mig delta run`. */
import type { Connection, RowDataPacket } from 'mysql2/promise'
import { round } from './progress.js'

/** mig's pace against the server's own SQL in the same run: what every part reports first. */
export interface SpeedFigures {
  rows: number
  rowsPerSecond: number | null
  ceilingRowsPerSecond: number | null
  ratio: number | null
  peakRssMb: number | null
  seconds: number | null
  ceilingSeconds: number | null
  [extra: string]: unknown
}

export interface DeltaFigures extends SpeedFigures {
  missingRows: number
}

/** mig's pace against the SQL ceiling's, as every part of the benchmark reports it. */
export function speedFigures(input: {
  readonly rows: number
  readonly ok: boolean
  readonly migRows: number
  readonly migSeconds: number
  readonly ceilingRows: number
  readonly ceilingSeconds: number
  readonly peakRssMb: number | null
}): SpeedFigures {
  const rowsPerSecond = input.ok ? input.migRows / input.migSeconds : Number.NaN
  const ceilingRowsPerSecond = input.ceilingRows / input.ceilingSeconds
  return {
    rows: input.rows,
    rowsPerSecond: round(rowsPerSecond),
    ceilingRowsPerSecond: round(ceilingRowsPerSecond),
    ratio: round(rowsPerSecond / ceilingRowsPerSecond, 3),
    peakRssMb: input.peakRssMb === null ? null : round(input.peakRssMb, 1),
    seconds: input.ok ? round(input.migSeconds, 2) : null,
    ceilingSeconds: round(input.ceilingSeconds, 2),
  }
}

/** The first column of the first row `sql` returns, as a number (0 when there is none). */
export async function scalar(connection: Connection, sql: string): Promise<number> {
  const [rows] = await connection.query<RowDataPacket[]>(sql)
  return Number(Object.values(rows[0] ?? {})[0] ?? 0)
}

/** Waits (at most `timeoutMs`) until InnoDB has purged what the ceiling's DELETE left behind. */
export async function waitForPurge(connection: Connection, timeoutMs = 60_000): Promise<number> {
  const deadline = Date.now() + timeoutMs
  for (;;) {
    const [rows] = await connection.query<RowDataPacket[]>('SHOW ENGINE INNODB STATUS')
    const match = /History list length (\d+)/.exec(String(rows[0]?.['Status'] ?? ''))
    const length = match?.[1] === undefined ? 0 : Number(match[1])
    if (length < 1_000 || Date.now() > deadline) return length
    await new Promise((resolve) => setTimeout(resolve, 250))
  }
}

export interface CycleFigures {
  applied: number
  seconds: number
  /** mig's own phase times (summed over cycles; phases overlap, so they can add up to more than `seconds`). */
  phases: { read: number; load: number; write: number; ack: number }
}

/** Changes applied, seconds and phase times, summed over the `cycle N: …` lines of `mig delta run`. */
export function parseCycle(stdout: string): CycleFigures | undefined {
  const figures: CycleFigures = { applied: 0, seconds: 0, phases: { read: 0, load: 0, write: 0, ack: 0 } }
  let found = false
  for (const match of stdout.matchAll(
    /cycle \d+: (\d+) changes applied in ([\d.]+)s[^\n]*?(?:\[read ([\d.]+)s, load ([\d.]+)s, write ([\d.]+)s, ack ([\d.]+)s\])?$/gm,
  )) {
    found = true
    figures.applied += Number(match[1])
    figures.seconds += Number(match[2])
    figures.phases.read += Number(match[3] ?? 0)
    figures.phases.load += Number(match[4] ?? 0)
    figures.phases.write += Number(match[5] ?? 0)
    figures.phases.ack += Number(match[6] ?? 0)
  }
  return found ? figures : undefined
}

export function tail(text: string, max = 4_000): string {
  const trimmed = text.trim()
  return trimmed.length <= max ? trimmed : `…${trimmed.slice(-max)}`
}

export const sum = (counts: Readonly<Record<string, number>>): number =>
  Object.values(counts).reduce((total, count) => total + count, 0)
