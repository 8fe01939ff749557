// Mocha reporter for the test runner: prints like `spec`, and at the end writes
// {"passes", "failures", "pending", "tests", "failed"} to the JSON file named by $COUNT_FILE, so
// that run-tests.mjs counts tests without parsing human output and names the failing ones (with
// the first line of their error) after its table, where the tail of a CI log shows them.
//   mocha --reporter test/support/count-reporter.cjs …
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const Mocha = require('mocha');

const { EVENT_RUN_END, EVENT_TEST_FAIL } = Mocha.Runner.constants;

class CountReporter extends Mocha.reporters.Spec {
  constructor(runner, options) {
    super(runner, options);
    const failed = [];
    runner.on(EVENT_TEST_FAIL, (test, error) => {
      const message =
        String(error?.message ?? error)
          .split('\n')
          .find((line) => line.trim()) ?? '';
      failed.push({ title: test.fullTitle(), error: message.slice(0, 400) });
    });
    runner.once(EVENT_RUN_END, () => {
      const file = process.env.COUNT_FILE;
      if (!file) return;
      const { passes = 0, failures = 0, pending = 0, tests = 0 } = this.stats;
      fs.mkdirSync(path.dirname(file), { recursive: true });
      fs.writeFileSync(file, `${JSON.stringify({ passes, failures, pending, tests, failed })}\n`);
    });
  }
}

module.exports = CountReporter;
