/** Where the demo talks to people: stderr in the CLI. `isTTY` picks an updating line over plain lines. */
export interface DemoStream {
  readonly isTTY?: boolean
  /** Terminal width, when known: a redrawn line must not wrap, or the redraw leaves its head behind. */
  readonly columns?: number
  write(text: string): unknown
}

const CLEAR_LINE = '\r\u001b[2K'

/**
 * Live figures on one stream: on a terminal a single line redrawn in place; otherwise (CI logs,
 * pipes) a plain line every `lineIntervalMs`, so a log of the run stays readable. Ordinary lines
 * printed meanwhile clear the live line first and redraw it after.
 */
export class StatusLine {
  private current = ''
  private lastLine = 0

  constructor(
    private readonly stream: DemoStream,
    private readonly lineIntervalMs = 3_000,
    private readonly now: () => number = Date.now,
  ) {}

  get interactive(): boolean {
    return this.stream.isTTY === true
  }

  /** The latest figures; `force` prints them as a plain line even before the interval has passed. */
  show(text: string, force = false): void {
    if (this.interactive) {
      const width = this.stream.columns
      this.current = width !== undefined && width > 1 && text.length >= width ? text.slice(0, width - 1) : text
      this.stream.write(`${CLEAR_LINE}${this.current}`)
      return
    }
    if (!force && this.now() - this.lastLine < this.lineIntervalMs) return
    this.lastLine = this.now()
    this.stream.write(`${text}\n`)
  }

  /** A line of its own above the live line. */
  print(text: string): void {
    if (this.interactive && this.current !== '') this.stream.write(CLEAR_LINE)
    this.stream.write(`${text}\n`)
    if (this.interactive && this.current !== '') this.stream.write(this.current)
  }

  /** Leaves the live line as the last figures shown and starts a fresh line. */
  end(): void {
    if (this.interactive && this.current !== '') this.stream.write('\n')
    this.current = ''
  }
}
