// New revision ids, at the server edge: the engine is deterministic and takes the id as a parameter
// (MergeRevisionOptions.id), so node:crypto stays out of it (DESIGN.md, convention 14).
import { randomBytes } from 'node:crypto';

/** A random revision id shaped like Alembic's: 12 hex characters (uuid4().hex[-12:]). */
export function newRevisionId(): string {
  return randomBytes(6).toString('hex');
}
