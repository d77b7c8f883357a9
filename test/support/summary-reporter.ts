import type { Reporter, TestModule } from 'vitest/node';

export interface TestCounts {
  passed: number;
  failed: number;
  skipped: number;
  /** `it.fails` tests that failed as they should: neither a pass nor a failure. */
  expectedFail: number;
}

/** The closing lines: the plain `tests: N passed, N failed, N skipped` CI reads, then expected failures on their own line. */
export function summaryLines(count: TestCounts): string[] {
  const lines = [`tests: ${count.passed} passed, ${count.failed} failed, ${count.skipped} skipped`];
  if (count.expectedFail > 0) {
    lines.push(`expected failures: ${count.expectedFail} (it.fails tests that failed as they should)`);
  }
  return lines;
}

/** Prints the summary lines at the end of a run, for CI logs that parse them. */
export default class SummaryReporter implements Reporter {
  onTestRunEnd(testModules: ReadonlyArray<TestModule>): void {
    const count: TestCounts = { passed: 0, failed: 0, skipped: 0, expectedFail: 0 };
    for (const module of testModules) {
      for (const test of module.children.allTests()) {
        const { state } = test.result();
        // vitest reports an `it.fails` test that failed as "passed".
        if (state === 'passed') test.options.fails ? count.expectedFail++ : count.passed++;
        else if (state === 'failed') count.failed++;
        else count.skipped++;
      }
      if (module.state() === 'failed' && module.children.size === 0) count.failed++;
    }
    console.log(`\n${summaryLines(count).join('\n')}`);
  }
}
