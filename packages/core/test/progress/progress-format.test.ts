import { describe, expect, it } from 'vitest'
import { createProgressReporter } from '../../src/progress/progress-reporter.js'
import { formatBar, formatDone, formatDuration, formatLine } from '../../src/progress/progress-format.js'
import { createLogger, type LogRecord } from '../../src/log/logger.js'

describe('progress lines', () => {
  const snapshot = { label: 'sales_flat_order', done: 52_000, total: 100_000, elapsedSeconds: 4 }

  it('shows table, rows done / total, rate and ETA', () => {
    expect(formatLine(snapshot)).toBe('sales_flat_order: 52,000/100,000 (52%), 13,000/s, ETA 4s')
    expect(formatBar(snapshot)).toMatch(
      /^sales_flat_order {2}\[█{12}░{12}\] {2}52% {2}52,000\/100,000 {2}13,000\/s {2}ETA 4s$/,
    )
    expect(formatDone({ ...snapshot, done: 100_000, elapsedSeconds: 80 })).toBe(
      'sales_flat_order: 100,000 in 1m20s (1,250/s)',
    )
  })

  it('never shows more than 100% when a live store grows past the counted total', () => {
    expect(formatLine({ ...snapshot, done: 120_000 })).toBe(
      'sales_flat_order: 120,000/120,000 (100%), 30,000/s, ETA 0s',
    )
  })

  it('formats durations for people', () => {
    expect(formatDuration(59.4)).toBe('59s')
    expect(formatDuration(3_725)).toBe('1h02m')
    expect(formatDuration(Number.NaN)).toBe('?')
  })

  it('draws a bar in place on a terminal and plain lines elsewhere; the closing line goes to the log', () => {
    let clock = 0
    const records: LogRecord[] = []
    const log = createLogger([(record) => records.push(record)])
    const terminal: string[] = []
    const bar = createProgressReporter({
      stream: { isTTY: true, write: (text: string) => terminal.push(text) },
      log,
      now: () => clock,
    })
    bar.begin('quote', 10)
    clock = 1_000
    bar.advance(5)
    bar.end()
    expect(terminal.some((text) => text.startsWith('\r\u001b[2Kquote  ['))).toBe(true)
    expect(records.filter((record) => record.level === 'info').map((record) => record.message)).toEqual([
      'quote: 5 in 1s (5/s)',
    ])

    const plain: string[] = []
    const lines = createProgressReporter({
      stream: { isTTY: false, write: (text: string) => plain.push(text) },
      log,
      now: () => clock,
      lineIntervalSeconds: 5,
    })
    lines.begin('quote_item', 100)
    clock += 1_000
    lines.advance(10)
    clock += 5_000
    lines.advance(60)
    expect(plain).toEqual(['quote_item: 60/100 (60%), 10/s, ETA 4s\n'])
    expect(plain.join('')).not.toContain('\r')
  })

  it('shows tables copied side by side on one terminal line, and closes each on its own', () => {
    let clock = 0
    const records: LogRecord[] = []
    const terminal: string[] = []
    const reporter = createProgressReporter({
      stream: { isTTY: true, write: (text: string) => terminal.push(text) },
      log: createLogger([(record) => records.push(record)]),
      now: () => clock,
    })
    const items = reporter.task('sales_flat_order_item', 100)
    const addresses = reporter.task('sales_flat_order_address', 50)
    clock = 2_000
    items.advance(40)
    expect(terminal.at(-1)).toBe(
      '\r\u001b[2Ksales_flat_order_item: 40/100 (40%), 20/s, ETA 3s  │  sales_flat_order_address: 0/50 (0%), 0/s, ETA ?',
    )
    addresses.advance(50)
    addresses.end()
    clock = 2_500
    items.advance(100)
    items.end()
    expect(records.filter((record) => record.level === 'info').map((record) => record.message)).toEqual([
      'sales_flat_order_address: 50 in 2s (25/s)',
      'sales_flat_order_item: 100 in 3s (40/s)',
    ])
  })
})
