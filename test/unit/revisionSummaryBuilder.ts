// A RevisionSummary (what the language server tells the editor of one revision) for client-side unit tests.
import type { RevisionSummary } from '../../server/src/protocol';

export function revision(id: string, down: string[], extra: Partial<RevisionSummary> = {}): RevisionSummary {
  return {
    id,
    file: `/w/app/versions/${id}_m.py`,
    line: 14,
    message: `message ${id}`,
    downRevisions: down,
    dependsOn: [],
    branches: [],
    roles: [],
    errors: 0,
    warnings: 0,
    ...extra,
  };
}
