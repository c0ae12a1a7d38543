import type { SourceLocation } from '../interfaces/config.js'
import { formatLocation } from './source-location.js'

/**
 * Collects every problem of a configuration instead of stopping at the first, so the merchant
 * fixes them all in one round. Each entry is one line: `where: what is wrong (how to fix)`.
 */
export class ConfigProblems {
  private readonly errorLines: string[] = []
  private readonly warningLines: string[] = []

  /** A problem that stops the run. */
  error(location: SourceLocation, what: string, fix: string): void {
    this.errorLines.push(`${formatLocation(location)}: ${what} (${fix})`)
  }

  /** A finding that does not stop the run, e.g. an option mig does not know. */
  warn(location: SourceLocation, what: string, fix: string): void {
    this.warningLines.push(`${formatLocation(location)}: ${what} (${fix})`)
  }

  get errors(): readonly string[] {
    return this.errorLines
  }

  get warnings(): readonly string[] {
    return this.warningLines
  }
}
