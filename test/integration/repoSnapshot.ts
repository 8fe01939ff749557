// This checkout as a user's tools would fetch it: a fresh git repository holding the working tree's
// files (tracked and untracked, not ignored: no node_modules, no dist), committed once. The
// packaging tests install from it, so they test the tree as it is, not the last commit.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';

export const REPO_ROOT = path.resolve(__dirname, '..', '..');

export interface RepoSnapshot {
  /** The snapshot repository's folder. */
  dir: string;
  /** Its one commit. */
  rev: string;
  dispose(): void;
}

export function git(args: string[], cwd: string, env: NodeJS.ProcessEnv = process.env): string {
  return execFileSync('git', args, { cwd, env, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] });
}

/** A commit identity so `git commit` works on a machine without one configured. */
export const GIT_IDENTITY = {
  GIT_AUTHOR_NAME: 'alembic-lint tests',
  GIT_AUTHOR_EMAIL: 'tests@example.invalid',
  GIT_COMMITTER_NAME: 'alembic-lint tests',
  GIT_COMMITTER_EMAIL: 'tests@example.invalid',
};

export function snapshotRepository(): RepoSnapshot {
  const base = mkdtempSync(path.join(os.tmpdir(), 'alembic-lint-repo-'));
  const dir = path.join(base, 'alembic-migrations');
  mkdirSync(dir);
  const files = git(['ls-files', '--cached', '--others', '--exclude-standard', '-z'], REPO_ROOT)
    .split('\0')
    .filter((file) => file && file !== 'node_modules' && !file.startsWith('node_modules/') && !file.startsWith('dist/'));
  for (const file of files) {
    try {
      cpSync(path.join(REPO_ROOT, file), path.join(dir, file), { recursive: false });
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // deleted in the working tree
    }
  }
  const env = { ...process.env, ...GIT_IDENTITY };
  git(['init', '--quiet', '--initial-branch=main'], dir, env);
  git(['add', '--all'], dir, env);
  git(['commit', '--quiet', '--no-verify', '-m', 'snapshot of the working tree'], dir, env);
  const rev = git(['rev-parse', 'HEAD'], dir).trim();
  return { dir, rev, dispose: () => rmSync(base, { recursive: true, force: true }) };
}

/** The environment without npm's own variables (set when the tests themselves run under npm). */
export function npmEnv(extra: NodeJS.ProcessEnv = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = {};
  for (const [key, value] of Object.entries(process.env)) if (!/^npm_/i.test(key)) env[key] = value;
  return { ...env, ...extra };
}
