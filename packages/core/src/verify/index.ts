export { runVerify, type VerifyOptions, type VerifyReport, type VerifyTableReport } from './verify-runner.js'
export type { RowDifference, ColumnDifference } from './row-comparison.js'
export { describeDifference } from './describe-difference.js'
