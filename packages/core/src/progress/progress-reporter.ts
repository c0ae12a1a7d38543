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

/** One piece of work being reported (a table being copied). */
export interface ProgressTask {
  advance(done: number): void
  end(): void
}

export interface ProgressReporter extends DataProgressListener {
  /** Starts a piece of work that may run beside others (tables copied concurrently). */
  task(label: string, total: number): ProgressTask
}

const REDRAW_MS = 100

interface ActiveTask {
  readonly label: string
  readonly total: number
  readonly started: number
  done: number
  drawn: number
}

/**
 * Progress of long work: on a terminal the running pieces are redrawn in place on one stderr line
 * (a bar for one, compact figures side by side for several); otherwise a plain line per piece every
 * few seconds (CI logs, `| tee`). Each piece's closing line goes to the logger (stdout and the log
 * file); intermediate lines go to the log file only (debug), so it shows the pace too.
 */
export function createProgressReporter(options: ProgressOptions): ProgressReporter {
  const now = options.now ?? (() => performance.now())
  const interval = (options.lineIntervalSeconds ?? 5) * 1000
  const interactive = options.stream.isTTY === true
  const active = new Set<ActiveTask>()
  let lastDrawn = 0

  const snapshot = (task: ActiveTask): ProgressSnapshot => ({
    label: task.label,
    done: task.done,
    total: task.total,
    elapsedSeconds: (now() - task.started) / 1000,
  })

  const drawTerminal = (force: boolean): void => {
    if (!force && now() - lastDrawn < REDRAW_MS) return
    lastDrawn = now()
    const tasks = [...active].map(snapshot)
    if (tasks.length === 0) return
    const line = tasks.length === 1 ? formatBar(tasks[0] as ProgressSnapshot) : tasks.map(formatLine).join('  │  ')
    options.stream.write(`\r\u001b[2K${line}`)
  }

  const drawLine = (task: ActiveTask): void => {
    if (now() - task.drawn < interval) return
    task.drawn = now()
    const figures = snapshot(task)
    options.stream.write(`${formatLine(figures)}\n`)
    options.log.debug(formatLine(figures), {
      event: 'progress',
      label: figures.label,
      done: figures.done,
      total: figures.total,
    })
  }

  const task = (label: string, total: number): ProgressTask => {
    const item: ActiveTask = { label, total, started: now(), done: 0, drawn: now() }
    active.add(item)
    if (interactive) drawTerminal(true)
    return {
      advance(done) {
        item.done = done
        if (interactive) drawTerminal(false)
        else drawLine(item)
      },
      end() {
        if (!active.delete(item)) return
        const figures = snapshot(item)
        if (interactive) options.stream.write('\r\u001b[2K')
        options.log.info(formatDone(figures), {
          event: 'progress-done',
          label: figures.label,
          done: figures.done,
          seconds: Number(figures.elapsedSeconds.toFixed(3)),
        })
        if (interactive) drawTerminal(true)
      },
    }
  }

  let current: ProgressTask | undefined
  return {
    task,
    begin(label, total) {
      current?.end()
      current = task(label, total)
    },
    advance(done) {
      current?.advance(done)
    },
    end() {
      current?.end()
      current = undefined
    },
  }
}

/** For callers without a stream (tests, library use): closing lines only. */
export function logOnlyProgress(log: Logger): ProgressReporter {
  return createProgressReporter({
    stream: { isTTY: false, write: () => true },
    log,
    lineIntervalSeconds: Number.POSITIVE_INFINITY,
  })
}
