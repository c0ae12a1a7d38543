/** What a progress line shows at one moment. */
export interface ProgressSnapshot {
  readonly label: string
  readonly done: number
  readonly total: number
  readonly elapsedSeconds: number
}

const BAR_WIDTH = 24

export function formatCount(value: number): string {
  return Math.round(value).toLocaleString('en-US')
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?'
  if (seconds < 60) return `${Math.round(seconds)}s`
  const minutes = Math.floor(seconds / 60)
  if (minutes < 60) return `${minutes}m${String(Math.round(seconds % 60)).padStart(2, '0')}s`
  return `${Math.floor(minutes / 60)}h${String(minutes % 60).padStart(2, '0')}m`
}

function figures(snapshot: ProgressSnapshot): { rate: number; percent: number; eta: string } {
  const rate = snapshot.elapsedSeconds > 0 ? snapshot.done / snapshot.elapsedSeconds : 0
  // A live store keeps adding rows: done may pass the total counted at the start.
  const total = Math.max(snapshot.total, snapshot.done)
  const percent = total > 0 ? Math.min(100, (snapshot.done / total) * 100) : 100
  const eta = rate > 0 ? formatDuration((total - snapshot.done) / rate) : '?'
  return { rate, percent, eta }
}

/** `sales_flat_order  [██████░░░░]  52%  52,000/100,000  8,120/s  ETA 6s` for a terminal. */
export function formatBar(snapshot: ProgressSnapshot): string {
  const { rate, percent, eta } = figures(snapshot)
  const filled = Math.round((percent / 100) * BAR_WIDTH)
  const bar = `${'█'.repeat(filled)}${'░'.repeat(BAR_WIDTH - filled)}`
  return `${snapshot.label}  [${bar}] ${percent.toFixed(0).padStart(3)}%  ${formatCount(snapshot.done)}/${formatCount(Math.max(snapshot.total, snapshot.done))}  ${formatCount(rate)}/s  ETA ${eta}`
}

/** The same figures as one plain line, for logs and non-terminal output. */
export function formatLine(snapshot: ProgressSnapshot): string {
  const { rate, percent, eta } = figures(snapshot)
  return `${snapshot.label}: ${formatCount(snapshot.done)}/${formatCount(Math.max(snapshot.total, snapshot.done))} (${percent.toFixed(0)}%), ${formatCount(rate)}/s, ETA ${eta}`
}

/** The closing line of one piece of work. */
export function formatDone(snapshot: ProgressSnapshot): string {
  const rate = snapshot.elapsedSeconds > 0 ? snapshot.done / snapshot.elapsedSeconds : snapshot.done
  return `${snapshot.label}: ${formatCount(snapshot.done)} in ${formatDuration(snapshot.elapsedSeconds)} (${formatCount(rate)}/s)`
}
