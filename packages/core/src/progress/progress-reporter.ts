import type { Logger } from '../log/logger.js'
import type { DataProgressListener } from '../steps/delta-step.js'
import { formatBar, formatDone, formatLine, type ProgressSnapshot } from './progress-format.js'

/** Where progress is drawn: stderr in the CLI. `isTTY` decides between a redrawn bar and plain lines. */
export interface ProgressStream {
  readonly isTTY?: boolean
  write(text: string): unknown
}

export interface ProgressOptions {
  readonly stream: ProgressStream
  readonly log: Logger
  /** Seconds between plain lines when the stream is not a terminal. */
  readonly lineIntervalSeconds?: number
  readonly now?: () => number
}

export interface ProgressReporter extends DataProgressListener {
  /** Ends the current piece of work and returns its closing figures. */
  end(): void
}

const REDRAW_MS = 100

/**
 * Progress of long work: on a terminal one bar redrawn in place on stderr; otherwise a plain line
 * every few seconds (CI logs, `| tee`). The closing line of each piece goes to the logger (stdout
 * and the log file); intermediate lines go to the log file only (debug), so it shows the pace too.
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now())
  const interval = (options.lineIntervalSeconds ?? 5) * 1000
  const interactive = options.stream.isTTY === true
  let current: { label: string; total: number; done: number; started: number; drawn: number } | undefined

  const snapshot = (): ProgressSnapshot | undefined =>
    current && { label: current.label, done: current.done, total: current.total, elapsedSeconds: (now() - current.started) / 1000 }

  const draw = (force: boolean): void => {
    const figures = snapshot()
    if (!current || !figures) return
    const since = now() - current.drawn
    if (!force && since < (interactive ? REDRAW_MS : interval)) return
    current.drawn = now()
    if (interactive) options.stream.write(`\r\u001b[2K${formatBar(figures)}`)
    else options.stream.write(`${formatLine(figures)}\n`)
    options.log.debug(formatLine(figures), { event: 'progress', label: figures.label, done: figures.done, total: figures.total })
  }

  return {
    begin(label, total) {
      current = { label, total, done: 0, started: now(), drawn: now() }
      if (interactive) draw(true)
    },
    advance(done) {
      if (!current) return
      current.done = done
      draw(false)
    },
    end() {
      const figures = snapshot()
      if (!figures) return
      if (interactive) options.stream.write('\r\u001b[2K')
      options.log.info(formatDone(figures), { event: 'progress-done', label: figures.label, done: figures.done, seconds: Number(figures.elapsedSeconds.toFixed(3)) })
      current = undefined
    },
  }
}

/** For callers without a stream (tests, library use): closing lines only. */
export function logOnlyProgress(log: Logger): ProgressReporter {
  return createProgressReporter({ stream: { isTTY: false, write: () => true }, log, lineIntervalSeconds: Number.POSITIVE_INFINITY })
}
