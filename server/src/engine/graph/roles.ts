// The roles a revision plays in its graph, as Alembic names them (alembic/script/revision.py
// Revision.is_head, is_base, is_merge_point, is_branch_point). Plain data, no imports: the client
// reads the same flags from the graph request and names them with roleList.

export interface RevisionRoles {
  /** No child through down_revision (Alembic's is_head): what `alembic heads` marks `(head)`. */
  isHead: boolean;
  /** No child through down_revision nor depends_on (Alembic's _is_real_head). */
  isRealHead: boolean;
  /** No down_revision (Alembic's is_base). */
  isBase: boolean;
  /** Several down_revisions. */
  isMergePoint: boolean;
  /** Several children through down_revision. */
  isBranchPoint: boolean;
}

export type RoleName = 'head' | 'base' | 'mergepoint' | 'branchpoint';

/** The roles that hold, in a fixed order: head, base, mergepoint, branchpoint. */
export function roleList(roles: Pick<RevisionRoles, 'isHead' | 'isBase' | 'isMergePoint' | 'isBranchPoint'>): RoleName[] {
  const list: RoleName[] = [];
  if (roles.isHead) list.push('head');
  if (roles.isBase) list.push('base');
  if (roles.isMergePoint) list.push('mergepoint');
  if (roles.isBranchPoint) list.push('branchpoint');
  return list;
}
