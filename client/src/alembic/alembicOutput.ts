// What Alembic's output says, beyond the exit code: the migration steps it ran ("Running upgrade
// a -> b"), its own last error line (not the traceback), and PostgreSQL's lock-table exhaustion
// ("out of shared memory", max_locks_per_transaction) with both fixes explained. Pure: no vscode.
import { parseTracebacks } from './tracebackLocations';

export interface MigrationStep {
  direction: 'upgrade' | 'downgrade';
  /** The revisions it started from (empty for base). */
  from: string[];
  /** The revision it went to (empty for base). */
  to: string;
}

/** `Running upgrade a -> b, message` (from Alembic's logger); `a, b -> m` for a merge, ` -> a` from base. */
const STEP = /Running (upgrade|downgrade) (.*?) ?-> ?([^\s,]*)/;

/** The step a log line reports, if it reports one. */
export function migrationStep(line: string): MigrationStep | undefined {
  const match = STEP.exec(line);
  if (!match) return undefined;
  const from = match[2]
    .split(',')
    .map((id) => id.trim())
    .filter(Boolean);
  return { direction: match[1] as MigrationStep['direction'], from, to: match[3] };
}

const FAILED = /^\s*FAILED: (.*)$/;
const LOG_RECORD = /^(INFO|WARNI|WARN|DEBUG)\s*\[/;

/**
 * Alembic's own last error line: its `FAILED: …` message (a CommandError), else the exception line
 * of the last traceback, else the last line that is not an INFO/DEBUG/WARNING log record.
 */
export function lastErrorLine(output: string): string | undefined {
  const lines = output.split(/\r?\n/);
  for (let i = lines.length - 1; i >= 0; i--) {
    const failed = FAILED.exec(lines[i]);
    if (failed) return `FAILED: ${failed[1].trim()}`;
  }
  const tracebacks = parseTracebacks(output);
  for (let t = tracebacks.length - 1; t >= 0; t--) if (tracebacks[t].exception) return tracebacks[t].exception;
  for (let i = lines.length - 1; i >= 0; i--) {
    const line = lines[i].trim();
    if (line && !LOG_RECORD.test(line)) return line;
  }
  return undefined;
}

/** PostgreSQL's lock table is full: one transaction took more locks than max_locks_per_transaction allows. */
export function isLockTableExhausted(output: string): boolean {
  return /out of shared memory/i.test(output) || /max_locks_per_transaction/.test(output);
}

/** The explanation of a lock-table exhaustion, with both fixes and the revision the run reached. */
export function lockExhaustionExplanation(reached: MigrationStep | undefined): string {
  const where = reached
    ? ` It failed while running ${reached.direction} ${reached.from.join(', ') || '(base)'} -> ${reached.to || '(base)'}; the whole run was rolled back, so the database is where it was before.`
    : '';
  return (
    'PostgreSQL ran out of lock slots ("out of shared memory"): Alembic ran every migration in one transaction, ' +
    `and that transaction holds a lock on every table and index it touched until it ends.${where} ` +
    'Either run each migration in its own transaction — add `transaction_per_migration=True` to `context.configure(...)` ' +
    'in env.py — or raise `max_locks_per_transaction` in postgresql.conf (for example to 1024; it takes effect after a server restart).'
  );
}
