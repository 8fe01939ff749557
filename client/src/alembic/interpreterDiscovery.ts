// Which Python runs Alembic. Candidates, first found wins: the `alembic.pythonPath` setting, the
// Python extension's active interpreter for the project's folder, `.venv` / `venv` beside the
// project then beside the workspace root, then every `python3` and `python` on PATH (in PATH
// order, so a first `python3` without Alembic does not hide a later one that has it). Each is
// probed once per session (per InterpreterDiscovery) with a short `import alembic`, and cached.
// No vscode import: the extension passes the setting and the active interpreter in.
import { execFile, type ExecFileException } from 'node:child_process';
import { accessSync, constants, existsSync, realpathSync, statSync } from 'node:fs';
import path from 'node:path';

export type InterpreterSource = 'setting' | 'python-extension' | 'project-venv' | 'workspace-venv' | 'path';

export interface InterpreterCandidate {
  /** Absolute path (or the setting as written, when it is not absolute). */
  path: string;
  source: InterpreterSource;
  /** How the candidate was found, for messages: "alembic.pythonPath", ".venv beside the project", "python3 on PATH"… */
  origin: string;
}

export type ProbeResult = { ok: true; alembicVersion: string; pythonVersion: string } | { ok: false; reason: string };

export interface ChosenInterpreter {
  path: string;
  alembicVersion: string;
  pythonVersion: string;
  source: InterpreterSource;
  origin: string;
}

export interface RefusedCandidate extends InterpreterCandidate {
  reason: string;
}

export type DiscoveryResult =
  { ok: true; interpreter: ChosenInterpreter; refused: RefusedCandidate[] } | { ok: false; refused: RefusedCandidate[]; message: string };

/** A candidate as "Select Python Interpreter" lists it. */
export type CandidateReport = InterpreterCandidate & ProbeResult;

export interface DiscoveryOptions {
  /** The folder of the project's alembic.ini. */
  projectDir: string;
  /** The workspace folder holding the project. */
  workspaceRoot?: string;
  /** The `alembic.pythonPath` setting ('' or undefined: not set). Relative paths are taken from the workspace root. */
  pythonPath?: string;
  /** The Python extension's active interpreter for the project's folder (via @vscode/python-extension); undefined when there is none. */
  activeInterpreter?: () => Promise<string | undefined>;
  /** PATH and friends; process.env by default. */
  env?: NodeJS.ProcessEnv;
}

export type Probe = (python: string, cwd: string, env: NodeJS.ProcessEnv) => Promise<ProbeResult>;

/** Prints Alembic's version, then Python's. */
export const PROBE_SCRIPT = 'import alembic, sys; print(alembic.__version__); print(sys.version.split()[0])';
export const PROBE_TIMEOUT_MS = 10_000;

const isWindows = process.platform === 'win32';

/** Runs PROBE_SCRIPT with `python` (an argument array, no shell) and says why it is refused, if it is. */
export function probePython(python: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
  return new Promise((resolve) => {
    execFile(
      python,
      ['-c', PROBE_SCRIPT],
      { cwd: existsSync(cwd) ? cwd : undefined, env, timeout: PROBE_TIMEOUT_MS, windowsHide: true, encoding: 'utf8' },
      (error, stdout, stderr) => {
        if (!error) {
          const [alembicVersion, pythonVersion] = stdout.trim().split(/\r?\n/);
          if (alembicVersion && pythonVersion) resolve({ ok: true, alembicVersion: alembicVersion.trim(), pythonVersion: pythonVersion.trim() });
          else resolve({ ok: false, reason: `unexpected answer to \`import alembic\`: ${JSON.stringify(stdout.trim())}` });
          return;
        }
        resolve({ ok: false, reason: refusalReason(error, stderr) });
      },
    );
  });
}

function refusalReason(error: ExecFileException, stderr: string): string {
  if (error.code === 'ENOENT') return 'not found';
  if (error.code === 'EACCES') return 'not executable';
  if (error.killed || error.signal === 'SIGTERM') return `timed out after ${PROBE_TIMEOUT_MS / 1000} s`;
  if (/No module named '?alembic'?/.test(stderr)) return 'no module named alembic';
  const last = stderr.trim().split(/\r?\n/).pop()?.trim();
  return last ? `exited with code ${error.code}: ${last}` : `exited with code ${error.code}`;
}

/** The executables named `name` on PATH, in PATH order, each real file once (`seen`: real paths already taken, shared between calls). */
export function findOnPath(name: string, env: NodeJS.ProcessEnv = process.env, seen = new Set<string>()): string[] {
  const dirs = (env.PATH ?? env.Path ?? '').split(path.delimiter).filter(Boolean);
  const extensions = isWindows ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';').filter(Boolean) : [''];
  const found: string[] = [];
  for (const dir of dirs) {
    if (!path.isAbsolute(dir)) continue; // a relative PATH entry would depend on the cwd: never
    for (const extension of extensions) {
      const file = path.join(dir, name + extension);
      if (!isExecutableFile(file)) continue;
      let real = file;
      try {
        real = realpathSync(file);
      } catch {
        // keep the path itself
      }
      if (seen.has(real)) continue;
      seen.add(real);
      found.push(file);
    }
  }
  return found;
}

function isExecutableFile(file: string): boolean {
  try {
    if (!statSync(file).isFile()) return false;
    if (!isWindows) accessSync(file, constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

/** A virtual environment's interpreter inside `venvDir`, or undefined when there is no such folder. */
function venvPython(venvDir: string): string | undefined {
  if (!existsSync(venvDir)) return undefined;
  return isWindows ? path.join(venvDir, 'Scripts', 'python.exe') : path.join(venvDir, 'bin', 'python');
}

/** Every candidate, in the order they are tried; the same path once (its first place wins). */
export async function interpreterCandidates(options: DiscoveryOptions): Promise<InterpreterCandidate[]> {
  const env = options.env ?? process.env;
  const candidates: InterpreterCandidate[] = [];
  const add = (candidatePath: string | undefined, source: InterpreterSource, origin: string) => {
    if (!candidatePath) return;
    if (candidates.some((candidate) => candidate.path === candidatePath)) return;
    candidates.push({ path: candidatePath, source, origin });
  };
  const setting = options.pythonPath?.trim();
  if (setting) {
    const base = options.workspaceRoot ?? options.projectDir;
    const resolved = path.isAbsolute(setting)
      ? setting
      : setting.includes('/') || setting.includes('\\')
        ? path.resolve(base, setting)
        : findOnPath(setting, env)[0];
    add(resolved ?? setting, 'setting', 'alembic.pythonPath');
  }
  if (options.activeInterpreter) {
    let active: string | undefined;
    try {
      active = await options.activeInterpreter();
    } catch {
      active = undefined; // the Python extension is absent or failed: not a candidate
    }
    add(active, 'python-extension', "the Python extension's interpreter");
  }
  for (const name of ['.venv', 'venv']) add(venvPython(path.join(options.projectDir, name)), 'project-venv', `${name} beside the project`);
  if (options.workspaceRoot && path.resolve(options.workspaceRoot) !== path.resolve(options.projectDir)) {
    for (const name of ['.venv', 'venv']) add(venvPython(path.join(options.workspaceRoot, name)), 'workspace-venv', `${name} in the workspace folder`);
  }
  const seenOnPath = new Set<string>();
  for (const name of ['python3', 'python']) for (const found of findOnPath(name, env, seenOnPath)) add(found, 'path', `${name} on PATH`);
  return candidates;
}

/** One discovery session: each interpreter is probed at most once, the result cached. */
export class InterpreterDiscovery {
  private readonly probes = new Map<string, Promise<ProbeResult>>();

  constructor(private readonly probe: Probe = probePython) {}

  /** The cached probe of `python` (run now if it never was). */
  check(python: string, cwd: string, env: NodeJS.ProcessEnv = process.env): Promise<ProbeResult> {
    let result = this.probes.get(python);
    if (!result) {
      result = this.probe(python, cwd, env);
      this.probes.set(python, result);
    }
    return result;
  }

  /** Forgets every probe (after the user installed Alembic somewhere, or changed the setting). */
  clear(): void {
    this.probes.clear();
  }

  /** The first candidate with Alembic; else every candidate with why it was refused, and the message to show. */
  async discover(options: DiscoveryOptions): Promise<DiscoveryResult> {
    const env = options.env ?? process.env;
    const refused: RefusedCandidate[] = [];
    for (const candidate of await interpreterCandidates(options)) {
      const result = await this.check(candidate.path, options.projectDir, env);
      if (result.ok) {
        return { ok: true, interpreter: { ...candidate, alembicVersion: result.alembicVersion, pythonVersion: result.pythonVersion }, refused };
      }
      refused.push({ ...candidate, reason: result.reason });
    }
    return { ok: false, refused, message: noInterpreterMessage(refused) };
  }

  /** Every candidate with its versions or its refusal, probed in parallel (for "Select Python Interpreter"). */
  async listCandidates(options: DiscoveryOptions): Promise<CandidateReport[]> {
    const env = options.env ?? process.env;
    const candidates = await interpreterCandidates(options);
    return Promise.all(candidates.map(async (candidate) => ({ ...candidate, ...(await this.check(candidate.path, options.projectDir, env)) })));
  }
}

/** One paragraph: what was tried, why each was refused, and how to fix it. */
export function noInterpreterMessage(refused: readonly RefusedCandidate[]): string {
  const tried = refused.length
    ? `Tried: ${refused.map((candidate) => `${candidate.path} (${candidate.origin}): ${candidate.reason}`).join('; ')}.`
    : 'No Python interpreter was found (no alembic.pythonPath, no active interpreter, no .venv or venv, no python3 or python on PATH).';
  return (
    `No Python interpreter with Alembic found. ${tried} ` +
    'Select an interpreter that has Alembic (Alembic: Select Python Interpreter, or Python: Select Interpreter), ' +
    'set `alembic.pythonPath` to one, or install Alembic into the one you use: `python -m pip install alembic` ' +
    '(Debian/Ubuntu: `sudo apt install python3-alembic`).'
  );
}
