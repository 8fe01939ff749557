// Runs Alembic as a child process: `<python> -m alembic -c <ini> <args…>` with an argument array
// (never a shell), cwd = the ini's folder, the environment of runEnvironment.ts. One process per
// project at a time (a second request is refused, saying what runs). Every output line goes to a
// sink with its passwords masked. Cancellation (an AbortSignal): SIGINT, then SIGTERM after 5 s,
// then SIGKILL after 5 s more, to the process group so that nothing is left behind. The result
// carries Alembic's own last error line, the traceback's raising location in a migration, and the
// last migration step it reached. No vscode import.
import { spawn } from 'node:child_process';
import path from 'node:path';
import { maskSecrets } from '../maskSecrets';
import { isLockTableExhausted, lastErrorLine, lockExhaustionExplanation, migrationStep, type MigrationStep } from './alembicOutput';
import { parseTracebacks, raisingLocation, type RaisingLocation, type TracebackFrame } from './tracebackLocations';

export type OutputStream = 'stdout' | 'stderr';

export interface RunRequest {
  /** The interpreter (interpreterDiscovery's choice). */
  python: string;
  /** Absolute path of alembic.ini: the project's identity; Alembic runs in its folder. */
  ini: string;
  /** Alembic's arguments after `-c <ini>`: ['upgrade', 'head'], ['revision', '-m', 'add x'], … */
  args: readonly string[];
  /** The environment (runEnvironment()); process.env when absent. */
  env?: NodeJS.ProcessEnv;
  /** Each output line, passwords masked, as it arrives. */
  onLine?(line: string, stream: OutputStream): void;
  /** Aborting it cancels the run. */
  signal?: AbortSignal;
  /** The project's migration files (absolute), to find where a traceback raised. */
  migrationFiles?: Iterable<string>;
  /** What the run is, for the busy message ("alembic upgrade head" by default). */
  title?: string;
}

export interface RunResult {
  exitCode: number | null;
  signal: NodeJS.Signals | null;
  /** The run was cancelled (by the signal) before it finished on its own. */
  cancelled: boolean;
  durationMs: number;
  /** Standard output, unmasked (the SQL of `upgrade --sql`, `current`'s answer): never log it as is. */
  stdout: string;
  /** The last output lines of both streams in order (at most OUTPUT_TAIL_LINES), masked. */
  outputTail: string;
  /** Alembic's own last error line when the exit code is not 0 (`FAILED: …` or the exception line), masked. */
  lastErrorLine?: string;
  /** The frames of the last traceback printed, if any. */
  traceback?: TracebackFrame[];
  /** Where a migration raised, when the traceback passes through one of migrationFiles. */
  raisedAt?: RaisingLocation;
  /** The last "Running upgrade/downgrade a -> b" step Alembic logged. */
  lastStep?: MigrationStep;
  /** Set when PostgreSQL's lock table ran out (out of shared memory / max_locks_per_transaction): what happened and both fixes. */
  lockExhaustion?: string;
}

export interface RunningProcess {
  ini: string;
  title: string;
  pid?: number;
  startedAt: number;
}

/** A second run on a project whose Alembic is still running. */
export class RunnerBusyError extends Error {
  constructor(readonly running: RunningProcess) {
    super(`Alembic is already running for ${running.ini}: ${running.title} (started ${Math.round((Date.now() - running.startedAt) / 1000)} s ago)`);
    this.name = 'RunnerBusyError';
  }
}

export const OUTPUT_TAIL_LINES = 400;
/** SIGINT, then SIGTERM this long after, then SIGKILL as long again. */
export const CANCEL_GRACE_MS = 5_000;

const isWindows = process.platform === 'win32';

/** The arguments of `python -m alembic -c <ini> …`. */
export function alembicArgs(ini: string, args: readonly string[]): string[] {
  return ['-m', 'alembic', '-c', ini, ...args];
}

export interface RunnerOptions {
  /** SIGINT → SIGTERM → SIGKILL spacing; CANCEL_GRACE_MS by default. */
  cancelGraceMs?: number;
}

export class AlembicRunner {
  private readonly running = new Map<string, RunningProcess>();
  private readonly cancelGraceMs: number;

  constructor(options: RunnerOptions = {}) {
    this.cancelGraceMs = options.cancelGraceMs ?? CANCEL_GRACE_MS;
  }

  /** What runs for the project of `ini`, if anything. */
  runningFor(ini: string): RunningProcess | undefined {
    return this.running.get(path.resolve(ini));
  }

  /** `python -m alembic -c <ini> <args…>`. Rejects with RunnerBusyError when the project's Alembic is running, or when the interpreter cannot start. */
  run(request: RunRequest): Promise<RunResult> {
    return this.runPython({ ...request, pythonArgs: alembicArgs(request.ini, request.args) });
  }

  /** Any Python invocation for the project (the model-check helper: `python -c <script> <ini>`), with the same guard rails. */
  runPython(request: Omit<RunRequest, 'args'> & { pythonArgs: readonly string[] }): Promise<RunResult> {
    const key = path.resolve(request.ini);
    const busy = this.running.get(key);
    if (busy) return Promise.reject(new RunnerBusyError(busy));
    const info: RunningProcess = { ini: key, title: request.title ?? `alembic ${request.pythonArgs.slice(4).join(' ')}`.trim(), startedAt: Date.now() };
    this.running.set(key, info);
    return spawnAndCollect(request, info, this.cancelGraceMs).finally(() => this.running.delete(key));
  }
}

function spawnAndCollect(request: Omit<RunRequest, 'args'> & { pythonArgs: readonly string[] }, info: RunningProcess, graceMs: number): Promise<RunResult> {
  const started = performance.now();
  return new Promise<RunResult>((resolve, reject) => {
    if (request.signal?.aborted) {
      resolve({ exitCode: null, signal: null, cancelled: true, durationMs: 0, stdout: '', outputTail: '' });
      return;
    }
    const child = spawn(request.python, [...request.pythonArgs], {
      cwd: path.dirname(request.ini),
      env: request.env ?? process.env,
      stdio: ['ignore', 'pipe', 'pipe'],
      detached: !isWindows, // its own process group: cancellation reaches everything it started
      windowsHide: true,
    });
    info.pid = child.pid;
    let stdout = '';
    const tail: string[] = [];
    let lastStep: MigrationStep | undefined;
    let cancelled = false;
    const timers: NodeJS.Timeout[] = [];
    const onLine = (raw: string, stream: OutputStream) => {
      const line = raw.endsWith('\r') ? raw.slice(0, -1) : raw;
      const masked = maskSecrets(line);
      tail.push(masked);
      if (tail.length > OUTPUT_TAIL_LINES) tail.shift();
      const step = migrationStep(line);
      if (step) lastStep = step;
      request.onLine?.(masked, stream);
    };
    const splitter = (stream: OutputStream) => {
      let pending = '';
      return {
        data(chunk: string) {
          if (stream === 'stdout') stdout += chunk;
          pending += chunk;
          let newline = pending.indexOf('\n');
          while (newline >= 0) {
            onLine(pending.slice(0, newline), stream);
            pending = pending.slice(newline + 1);
            newline = pending.indexOf('\n');
          }
        },
        end() {
          if (pending) onLine(pending, stream);
          pending = '';
        },
      };
    };
    const out = splitter('stdout');
    const err = splitter('stderr');
    child.stdout.setEncoding('utf8').on('data', out.data);
    child.stderr.setEncoding('utf8').on('data', err.data);

    const kill = (signal: NodeJS.Signals) => {
      if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
      try {
        if (isWindows) child.kill(signal);
        else process.kill(-child.pid, signal);
      } catch {
        // already gone
      }
    };
    const onAbort = () => {
      if (cancelled) return;
      cancelled = true;
      kill('SIGINT');
      timers.push(setTimeout(() => kill('SIGTERM'), graceMs));
      timers.push(setTimeout(() => kill('SIGKILL'), 2 * graceMs));
    };
    request.signal?.addEventListener('abort', onAbort, { once: true });

    let settled = false;
    const settle = () => {
      if (settled) return false;
      settled = true;
      timers.forEach(clearTimeout);
      request.signal?.removeEventListener('abort', onAbort);
      return true;
    };
    child.on('error', (error) => {
      // Only a failure to start ends the run here; a failed kill() is not one.
      if (child.pid === undefined && settle()) reject(new Error(`Could not start ${request.python}: ${error.message}`));
    });
    child.on('close', (exitCode, signal) => {
      if (!settle()) return;
      out.end();
      err.end();
      const outputTail = tail.join('\n');
      const result: RunResult = { exitCode, signal, cancelled, durationMs: performance.now() - started, stdout, outputTail, lastStep };
      if (exitCode !== 0) {
        result.lastErrorLine = lastErrorLine(outputTail);
        const tracebacks = parseTracebacks(outputTail);
        if (tracebacks.length) {
          result.traceback = tracebacks[tracebacks.length - 1].frames;
          if (request.migrationFiles) result.raisedAt = raisingLocation(tracebacks, request.migrationFiles, path.dirname(request.ini));
        }
        if (isLockTableExhausted(outputTail)) result.lockExhaustion = lockExhaustionExplanation(lastStep);
      }
      resolve(result);
    });
  });
}
