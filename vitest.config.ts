import { defineConfig } from 'vitest/config'
import type { Reporter, TestModule } from 'vitest/node'

/** Ends the run with the plain `N passed, N failed, N skipped` line CI logs are read by. */
class SummaryLineReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const counts = { passed: 0, failed: 0, skipped: 0 }
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const state = test.result().state
        if (state === 'passed') counts.passed++
        else if (state === 'failed') counts.failed++
        else counts.skipped++
      }
    }
    process.stdout.write(`\n${counts.passed} passed, ${counts.failed} failed, ${counts.skipped} skipped\n`)
  }
}

export default defineConfig({
  test: {
    include: ['packages/*/test/**/*.test.ts', 'examples/*/test/**/*.test.ts', 'test/**/*.test.ts'],
    reporters: ['default', new SummaryLineReporter()],
    // Suites share one MariaDB server; each creates its own databases, but the server has 2 cores.
    fileParallelism: true,
    maxWorkers: 2,
    // Type-level tests (*.test-d.ts): compiled by tsc, `@ts-expect-error` included, never run.
    typecheck: {
      enabled: true,
      tsconfig: './tsconfig.typetests.json',
      include: ['packages/*/test/**/*.test-d.ts', 'examples/*/test/**/*.test-d.ts'],
    },
    testTimeout: 120_000,
    hookTimeout: 300_000,
  },
})
