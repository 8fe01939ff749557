// Types for demo-project.mjs (the `npm start` demo project, reusable by the e2e tests).

export interface DemoRevision {
  id: string;
  /** Create Date as written in the docstring, e.g. '2024-03-11 11:05:37.550941'. */
  date: string;
  slug: string;
  message: string;
  /** Path relative to the project folder, e.g. 'app/migrations/versions/20240311_7a3b2c4d5e6f_add_age_to_hero.py'. */
  file: string;
}

export const DEMO: Readonly<{
  /** The five revisions, oldest first. */
  revisions: DemoRevision[];
  /** The 3rd revision: it has no downgrade(). */
  noDowngrade: string;
  /** The 4th revision: where upgradeDemo() leaves the database. */
  current: string;
  /** The 5th revision, the head: pending after upgradeDemo(). */
  head: string;
  ini: string;
  versionsDir: string;
}>;

export function withoutPassword(url: string): string;

export function writeDemoProject(
  dir: string,
  options?: { databaseUrl?: string; pythonPath?: string },
): { dir: string; ini: string; versionsDir: string; files: string[] };

export function upgradeDemo(
  dir: string,
  options: { databaseUrl: string; target?: string; python?: string },
): Promise<{ code: number | null; stdout: string; stderr: string }>;
