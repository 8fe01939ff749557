// The client's one door to the database: resolving the URL and reading the version table, behind
// an interface so the model and the connection plan are unit-tested without a database. The real
// implementation is the shared code the CLI uses (engine/databaseUrl.ts, database/versionTable.ts).
import { resolveConnectionDetailed, type ConnectionInputs, type ConnectionResolution } from '../../../server/src/engine/databaseUrl';
import { readVersionTable, type ReadOptions, type VersionTableRead, type VersionTableRef } from '../../../server/src/database/versionTable';

export interface DatabaseAccess {
  /** First found wins (setting/connect, ini, DATABASE_URL, PG* variables, the .env file); or why there is no target. */
  resolve(inputs: ConnectionInputs): ConnectionResolution;
  /** Never rejects: every failure is a classified fault. */
  read(url: string, table: VersionTableRef, options?: ReadOptions): Promise<VersionTableRead>;
}

export const pgDatabaseAccess: DatabaseAccess = {
  resolve: (inputs) => resolveConnectionDetailed(inputs),
  async read(url, table, options) {
    try {
      return await readVersionTable(url, table, options);
    } catch (error) {
      // The contract says it never throws; if it does, the view still gets one clear item.
      return { ok: false, fault: { kind: 'other', message: error instanceof Error ? error.message : String(error) } };
    }
  },
};
