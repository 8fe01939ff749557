// The environment Alembic runs in: the process environment, plus the project's .env (parsed with
// dotenv, never executed; a variable the process already has keeps its value, as dotenv and
// python-dotenv do by default), plus DATABASE_URL when the caller's connection must reach env.py —
// only when env.py reads that variable (envPyReadsDatabaseUrl). No vscode import.
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { parse as parseDotenv } from 'dotenv';
import { parsePythonTree } from '../../../server/src/engine/parse';
import { evaluateStringToken } from '../../../server/src/engine/pythonString';
import { Tok, tokenize } from '../../../server/src/engine/pythonTokens';

/** The variables of a .env file; {} when there is none. */
export function readDotEnv(file: string): Record<string, string> {
  if (!existsSync(file)) return {};
  return parseDotenv(readFileSync(file, 'utf8'));
}

export interface RunEnvironmentOptions {
  /** The process environment (process.env by default). */
  base?: NodeJS.ProcessEnv;
  /** The project's .env values (readDotEnv). */
  dotEnv?: Record<string, string>;
  /** Set as DATABASE_URL, over everything else (pass it only when env.py reads it). */
  databaseUrl?: string;
}

/** base + .env (without overriding base) + DATABASE_URL; Python unbuffered so that output streams live. */
export function runEnvironment(options: RunEnvironmentOptions = {}): NodeJS.ProcessEnv {
  const base = options.base ?? process.env;
  const env: NodeJS.ProcessEnv = { ...(options.dotEnv ?? {}), ...base };
  env.PYTHONUNBUFFERED = '1';
  env.PYTHONIOENCODING ??= 'utf-8';
  if (options.databaseUrl) env.DATABASE_URL = options.databaseUrl;
  return env;
}

/**
 * Whether env.py's code mentions the string 'DATABASE_URL' (os.environ["DATABASE_URL"],
 * os.getenv('DATABASE_URL'), config("DATABASE_URL")…): a string literal, not a comment and not a
 * longer text. Read with the engine's Python tokenizer; where it gives up (f-strings, line
 * continuations), with the real Python parser.
 */
export function envPyReadsDatabaseUrl(text: string): boolean {
  const tokens = tokenize(text);
  if (tokens) {
    for (let i = 0; i < tokens.count; i++) {
      if (tokens.kind[i] === Tok.String && evaluateStringToken(text.slice(tokens.start[i], tokens.end[i])) === 'DATABASE_URL') return true;
    }
    return false;
  }
  const cursor = parsePythonTree(text).cursor();
  do {
    if (cursor.name === 'String' && evaluateStringToken(text.slice(cursor.from, cursor.to)) === 'DATABASE_URL') return true;
  } while (cursor.next());
  return false;
}

export interface ProjectEnvironmentOptions {
  /** Absolute path of alembic.ini; its folder holds the default .env. */
  ini: string;
  /** env.py of the project (AlembicProject.envPy.file), read to decide whether DATABASE_URL reaches it. */
  envPyFile?: string;
  /** The .env to read (the `alembic.envFile` setting); `<ini folder>/.env` by default. */
  envFile?: string;
  /** The connection the extension uses, when the environment does not already carry it (the setting, Connect). */
  databaseUrl?: string;
  base?: NodeJS.ProcessEnv;
}

/** The run environment of a project: whether `databaseUrl` was passed as DATABASE_URL (only when env.py reads that variable), and why not. */
export function projectEnvironment(options: ProjectEnvironmentOptions): { env: NodeJS.ProcessEnv; databaseUrlPassed: boolean } {
  const dotEnv = readDotEnv(options.envFile ?? path.join(path.dirname(options.ini), '.env'));
  let envPyText: string | undefined;
  try {
    envPyText = options.envPyFile ? readFileSync(options.envPyFile, 'utf8') : undefined;
  } catch {
    envPyText = undefined;
  }
  const pass = !!options.databaseUrl && envPyText !== undefined && envPyReadsDatabaseUrl(envPyText);
  return { env: runEnvironment({ base: options.base, dotEnv, databaseUrl: pass ? options.databaseUrl : undefined }), databaseUrlPassed: pass };
}
