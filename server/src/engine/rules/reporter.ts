import { isSuppressed, type Finding, type MigrationFile, type Range } from '../model';
import { severityOf, type SeverityOverrides } from './registry';

/** What a rule calls to report a finding on a migration file. */
export type Reporter = (rule: string, file: MigrationFile, range: Range, message: string, extra?: Pick<Finding, 'related' | 'data'>) => void;

/** A reporter that applies severity overrides and suppression comments, collecting into `out`. */
export function createReporter(out: Finding[], overrides: SeverityOverrides | undefined): Reporter {
  return (rule, file, range, message, extra) => {
    const severity = severityOf(rule, overrides);
    if (severity === 'off' || isSuppressed(file, rule, range.start.line)) return;
    out.push({ rule, severity, file: file.path, range, message, ...extra });
  };
}
