import { describeDifference, describeDirtyCount, formatCount, type VerifyReport } from '@mig/core/engine'

const LISTED = 20

/** Clean for the demo: no difference, and nothing left pending once the traffic stopped and delta drained. */
export function demoVerified(report: VerifyReport): boolean {
  return report.clean && report.pending.length === 0
}

/** The lines the demo ends with on stdout: differences first (a few), then one summary line. */
export function verifySummaryLines(report: VerifyReport): string[] {
  const lines: string[] = []
  for (const difference of report.differences.slice(0, LISTED)) lines.push(describeDifference(difference))
  if (report.differences.length > LISTED) lines.push(`… and ${report.differences.length - LISTED} more differences`)
  for (const difference of report.pending.slice(0, LISTED))
    lines.push(`pending (delta has not applied it yet): ${describeDifference(difference)}`)
  for (const difference of report.setAside.slice(0, LISTED))
    lines.push(`set aside (its reason is in \`mig delta status\`): ${describeDifference(difference)}`)
  for (const count of report.dirtyValues) lines.push(`known, not a difference: ${describeDirtyCount(count)}`)
  const rows = report.tables.reduce((sum, table) => sum + table.rows, 0)
  const tables = new Set(report.differences.map((item) => item.table))
  lines.push(
    `verify: ${report.tables.length} tables, ${formatCount(rows)} rows, ${report.differences.length} differences` +
      (report.pending.length > 0 ? `, ${report.pending.length} rows still pending` : '') +
      (report.setAside.length > 0 ? `, ${report.setAside.length} rows set aside` : '') +
      (demoVerified(report)
        ? ' — Magento 2 matches Magento 1'
        : report.differences.length > 0
          ? ` (in ${[...tables].join(', ')})`
          : ''),
  )
  return lines
}
