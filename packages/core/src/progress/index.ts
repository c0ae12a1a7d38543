export {
  createProgressReporter,
  logOnlyProgress,
  type ProgressReporter,
  type ProgressStream,
  type ProgressOptions,
} from './progress-reporter.js'
export {
  formatBar,
  formatLine,
  formatDone,
  formatDuration,
  formatCount,
  type ProgressSnapshot,
} from './progress-format.js'
