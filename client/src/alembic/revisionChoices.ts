// What the revision pickers list (pure): each revision with its message, short id and state, heads
// first, then newest first; filtered to what the command can reach.
import type { DatabaseStateResult, ProjectSummary, RevisionStateName } from '../../../server/src/protocol';

export interface RevisionChoice {
  id: string;
  label: string;
  description: string;
  detail?: string;
  state?: RevisionStateName;
}

const SHORT = 12;

/** `keep` filters by state (undefined: no database state known). */
export function revisionChoices(
  project: ProjectSummary,
  state: DatabaseStateResult | undefined,
  keep: (state: RevisionStateName | undefined) => boolean = () => true,
): RevisionChoice[] {
  const newestFirst = [...project.revisions].reverse();
  const heads = newestFirst.filter((r) => r.roles.includes('head'));
  const others = newestFirst.filter((r) => !r.roles.includes('head'));
  return [...heads, ...others]
    .map((revision) => {
      const revisionState = state?.states[revision.id];
      const tags = [
        revision.id.slice(0, SHORT),
        ...revision.branches.map((b) => `@${b}`),
        ...(revision.roles.includes('head') ? ['head'] : []),
        ...(revisionState ? [revisionState] : []),
      ];
      return { id: revision.id, label: revision.message ?? revision.id, description: tags.join(' · '), state: revisionState };
    })
    .filter((choice) => keep(choice.state));
}

/** The single parent of a revision (for Downgrade One), 'base' for a base, undefined for a merge point or an unknown id. */
export function parentOf(project: ProjectSummary, id: string): string | undefined {
  const revision = project.revisions.find((r) => r.id === id);
  if (!revision) return undefined;
  if (revision.downRevisions.length === 0) return 'base';
  return revision.downRevisions.length === 1 ? revision.downRevisions[0] : undefined;
}

/** The file `alembic revision` reported writing: `Generating /path/to/versions/abc_msg.py ...  done`. */
export function generatedFile(output: string): string | undefined {
  const match = /Generating (.+?\.py) \.\.\.\s+done/.exec(output);
  return match?.[1];
}
