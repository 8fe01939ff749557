// "Check Models Against Database": does autogenerate see differences between the models
// (env.py's target_metadata) and the database? Alembic 1.9+ has `alembic check`; older Alembic
// (Debian ships 1.8.1) gets the same comparison from MODEL_CHECK_SCRIPT, run with `python -c` by the
// same interpreter: it loads env.py through Alembic's own RevisionContext / EnvironmentContext the
// way `alembic check` does (online, as_sql=False), writes nothing, and prints each difference as a
// JSON line. No vscode import.
import type { AlembicRunner, OutputStream, RunResult } from './runner';

export interface ModelDifference {
  /** Autogenerate's operation: add_table, remove_column, modify_type, … */
  kind: string;
  /** What differs, in words: "add column users.email", "change type of users.name from VARCHAR(50) to VARCHAR(100)". */
  text: string;
}

export type ModelCheckResult =
  | { status: 'match'; run: RunResult }
  | { status: 'differences'; differences: ModelDifference[]; run: RunResult }
  | { status: 'failed'; message: string; run: RunResult };

export interface ModelCheckRequest {
  python: string;
  /** The interpreter's Alembic version (interpreterDiscovery): `alembic check` from 1.9 on. */
  alembicVersion: string;
  ini: string;
  env?: NodeJS.ProcessEnv;
  onLine?(line: string, stream: OutputStream): void;
  signal?: AbortSignal;
}

export const DIFF_MARK = 'ALEMBIC_MODEL_DIFF ';
export const DONE_MARK = 'ALEMBIC_MODEL_CHECK_DONE';

/** What `alembic check` (1.9+) does, on any Alembic since 1.0; argv[1] is the ini. */
export const MODEL_CHECK_SCRIPT = `
import json, sys
from alembic.autogenerate.api import RevisionContext
from alembic.config import Config
from alembic.runtime.environment import EnvironmentContext
from alembic.script import ScriptDirectory
from alembic.util import CommandError


def name_of(value):
    table = getattr(value, "table", None)
    name = getattr(value, "name", None)
    if table is not None and getattr(table, "name", None) and name and hasattr(value, "type"):
        return "%s.%s" % (table.name, name)
    if name:
        return str(getattr(value, "fullname", name))
    return repr(value)


def describe(diff):
    kind = diff[0]
    if kind.startswith("modify_"):
        _, schema, table, column, existing, old, new = diff
        what = kind[len("modify_"):]
        where = ".".join(p for p in (schema, table, column) if p)
        return kind, "change %s of %s from %r to %r" % (what, where, old, new)
    if kind in ("add_column", "remove_column"):
        _, schema, table, column = diff
        where = ".".join(p for p in (schema, table, column.name) if p)
        return kind, "%s column %s" % (kind.split("_")[0], where)
    parts = [name_of(p) for p in diff[1:] if p is not None and not isinstance(p, dict)]
    return kind, "%s %s" % (kind.replace("_", " "), ", ".join(parts))


def main(ini):
    config = Config(ini)
    script = ScriptDirectory.from_config(config)
    command_args = dict(message=None, autogenerate=True, sql=False, head="head", splice=False,
                        branch_label=None, version_path=None, rev_id=None, depends_on=None)
    revision_context = RevisionContext(config, script, command_args)

    def retrieve_migrations(rev, context):
        revision_context.run_autogenerate(rev, context)
        return []

    with EnvironmentContext(config, script, fn=retrieve_migrations, as_sql=False,
                            template_args=revision_context.template_args,
                            revision_context=revision_context):
        script.run_env()
    diffs = revision_context.generated_revisions[-1].upgrade_ops.as_diffs()
    for diff in diffs:
        entries = diff if isinstance(diff, list) else [diff]
        for entry in entries:
            kind, text = describe(entry)
            print("${DIFF_MARK}" + json.dumps({"kind": kind, "text": text}), flush=True)
    print("${DONE_MARK} %d" % len(diffs), flush=True)


try:
    main(sys.argv[1])
except CommandError as error:
    print("FAILED: %s" % error, file=sys.stderr)
    sys.exit(255)
`;

/** 1.9.0 or later: `alembic check` exists. */
export function hasAlembicCheck(version: string): boolean {
  const [major, minor] = version.split('.').map((part) => Number.parseInt(part, 10));
  return major > 1 || (major === 1 && minor >= 9);
}

/** Runs the check with `runner` (so the one-process-per-project rule holds). */
export async function checkModels(runner: AlembicRunner, request: ModelCheckRequest): Promise<ModelCheckResult> {
  const common = { python: request.python, ini: request.ini, env: request.env, onLine: request.onLine, signal: request.signal };
  if (hasAlembicCheck(request.alembicVersion)) {
    const run = await runner.run({ ...common, args: ['check'] });
    return interpretAlembicCheck(run);
  }
  const run = await runner.runPython({ ...common, pythonArgs: ['-c', MODEL_CHECK_SCRIPT, request.ini], title: 'alembic check (model comparison helper)' });
  return interpretHelper(run);
}

function interpretHelper(run: RunResult): ModelCheckResult {
  if (run.exitCode !== 0 || !run.stdout.includes(DONE_MARK)) return failed(run);
  const differences: ModelDifference[] = [];
  for (const line of run.stdout.split(/\r?\n/)) {
    if (line.startsWith(DIFF_MARK)) differences.push(JSON.parse(line.slice(DIFF_MARK.length)) as ModelDifference);
  }
  return differences.length ? { status: 'differences', differences, run } : { status: 'match', run };
}

const NEW_OPERATIONS = /New upgrade operations detected: (\[.*\])\s*$/s;

/** `alembic check`: "No new upgrade operations detected." (exit 0) or "FAILED: New upgrade operations detected: [(…), …]". */
export function interpretAlembicCheck(run: RunResult): ModelCheckResult {
  if (run.exitCode === 0) return { status: 'match', run };
  const detected = NEW_OPERATIONS.exec(run.lastErrorLine ?? '') ?? NEW_OPERATIONS.exec(run.outputTail);
  if (!detected) return failed(run);
  const differences = topLevelItems(detected[1]).map((item) => ({ kind: /^\(?\[?\(?'(\w+)'/.exec(item)?.[1] ?? 'difference', text: item }));
  return { status: 'differences', differences, run };
}

/** The top-level elements of a Python list repr: `[('a', 1), ('b', [2, 3])]` → ["('a', 1)", "('b', [2, 3])"]. */
export function topLevelItems(list: string): string[] {
  const items: string[] = [];
  let depth = 0;
  let quote: string | undefined;
  let start = 1;
  for (let i = 1; i < list.length - 1; i++) {
    const char = list[i];
    if (quote) {
      if (char === '\\') i++;
      else if (char === quote) quote = undefined;
    } else if (char === "'" || char === '"') quote = char;
    else if ('([{'.includes(char)) depth++;
    else if (')]}'.includes(char)) depth--;
    else if (char === ',' && depth === 0) {
      items.push(list.slice(start, i).trim());
      start = i + 1;
    }
  }
  const last = list.slice(start, list.length - 1).trim();
  if (last) items.push(last);
  return items;
}

function failed(run: RunResult): ModelCheckResult {
  const reason = run.cancelled ? 'cancelled' : (run.lastErrorLine ?? `exited with code ${run.exitCode}`);
  return { status: 'failed', message: reason, run };
}
