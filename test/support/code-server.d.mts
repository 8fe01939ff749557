// Types for code-server.mjs (imported by the TypeScript e2e tests).
import type { Browser } from 'playwright-core';

export const CODE_SERVER_VERSION: string;
export const NODE24_VERSION: string;
/** User settings of every run (no welcome page, nothing that reaches for the network); `settings` merge over them. */
export const QUIET_SETTINGS: Record<string, unknown>;
type Log = (message: string) => void;

export function cacheRoot(): string;
export function freePort(): Promise<number>;
export function isolatedEnv(tmp: string, base?: NodeJS.ProcessEnv): NodeJS.ProcessEnv;
export function ensureCodeServer(options?: { log?: Log }): Promise<{ node: string; entry: string }>;

export interface CodeServer {
  port: number;
  /** the run's temp folder (HOME, TMPDIR, XDG_* and the user data dir are inside) */
  tmp: string;
  env: NodeJS.ProcessEnv;
  logFile: string;
  userDataDir: string;
  extensionsDir: string;
  pid: number;
  /** workbench URL for folder (default: the workspace); payload as VS Code's `payload` query parameter */
  url(folder?: string, payload?: Array<[string, string]>): string;
  /** vscode-remote://127.0.0.1:<port><absPath> */
  remote(absPath: string): string;
  stop(options?: { keepTmp?: boolean }): Promise<void>;
}

export function startCodeServer(options: {
  port?: number;
  workspace?: string;
  extensionDevelopmentPath?: string;
  vsix?: string;
  settings?: Record<string, unknown>;
  env?: Record<string, string>;
  log?: Log;
  healthTimeoutMs?: number;
  node?: string;
  entry?: string;
}): Promise<CodeServer>;

export function launchChromium(options?: { tmpDir?: string; env?: NodeJS.ProcessEnv; headless?: boolean; args?: string[] }): Promise<Browser>;
