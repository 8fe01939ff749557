// A real Alembic project on disk, in a fresh temp folder: alembic.ini (script_location =
// %(here)s/migrations) and one migration file per revision, for tests that run the CLI or Alembic.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { migrationSource, type MigrationSpec } from './migrationBuilder';

export interface TempProject {
  dir: string;
  ini: string;
  versions: string;
  dispose(): void;
}

/** `revisions` become `<id>_<slug>.py`; `extraFiles` (name → text) are written into versions/ as given. */
export function tempProject(revisions: [string, MigrationSpec][], extraFiles: Record<string, string> = {}): TempProject {
  const dir = mkdtempSync(path.join(tmpdir(), 'alembic-graph-'));
  const versions = path.join(dir, 'migrations', 'versions');
  mkdirSync(versions, { recursive: true });
  const ini = path.join(dir, 'alembic.ini');
  writeFileSync(ini, '[alembic]\nscript_location = %(here)s/migrations\n');
  for (const [id, spec] of revisions) {
    const slug = (spec.message ?? `change ${id}`).replace(/\W+/g, '_').toLowerCase();
    writeFileSync(path.join(versions, spec.fileName ?? `${id}_${slug}.py`), migrationSource(id, spec));
  }
  for (const [name, text] of Object.entries(extraFiles)) writeFileSync(path.join(versions, name), text);
  return { dir, ini, versions, dispose: () => rmSync(dir, { recursive: true, force: true }) };
}
