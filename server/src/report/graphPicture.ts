// The revision graph as a picture: the layout (graphLayout.ts) plus what each node shows — short
// id, message, database state, head/base marks, branch tags, findings with their messages. Built
// once (in the CLI for `--format svg`, in the extension host for the graph panel) and drawn by
// graphSvg.ts or by the webview's canvas. Pure.
import { shortRevision } from './graphGeometry';
import { layoutGraph, type GraphLayout, type LaneTitle, type LayoutEdge, type LayoutRevision } from './graphLayout';

/** A revision's state in the database: applied, current (a row of the version table), pending, or a row no file defines. */
export type PictureState = 'applied' | 'current' | 'pending' | 'dbOnly';

export interface PictureRevision extends LayoutRevision {
  message?: string;
  file?: string;
  line?: number;
  head: boolean;
  base: boolean;
  state?: PictureState;
  errors?: number;
  warnings?: number;
}

export interface PictureNode {
  id: string;
  row: number;
  lane: number;
  /** A parent no file defines. */
  ghost: boolean;
  short: string;
  message: string;
  state?: PictureState;
  head: boolean;
  base: boolean;
  /** One of several heads (a finding: the heads are outlined). */
  outlined: boolean;
  /** In a cycle. */
  cycle: boolean;
  /** Branch labels starting here, head/base marks. */
  tags: string[];
  /** Finding messages (hover). */
  notes: string[];
  file?: string;
  line?: number;
  errors: number;
  warnings: number;
}

export interface PictureEdge extends LayoutEdge {
  /** A finding on the edge (hover). */
  note?: string;
}

export interface GraphPicture {
  title: string;
  nodes: PictureNode[];
  edges: PictureEdge[];
  lanes: number;
  rows: number;
  laneTitles: LaneTitle[];
  heads: string[];
}

/**
 * The picture of one project. `revisions` in upgrade order (bases first); `dbOnly` are version
 * table rows no file defines: drawn on top, unconnected.
 */
export function buildPicture(title: string, revisions: readonly PictureRevision[], dbOnly: readonly string[] = [], layout?: GraphLayout): GraphPicture {
  const all: PictureRevision[] = [...revisions, ...dbOnly.map((id): PictureRevision => ({ id, downRevisions: [], head: false, base: false, state: 'dbOnly' }))];
  const laid = layout ?? layoutGraph(all);
  const heads = revisions.filter((r) => r.head).map((r) => r.id);
  const cycleIds = new Set(laid.edges.filter((e) => e.cycle).flatMap((e) => [e.child, e.parent]));
  const startedHere = new Map<string, string[]>();
  for (const title of laid.laneTitles) {
    const node = laid.nodes[title.row];
    startedHere.set(node.id, [...(startedHere.get(node.id) ?? []), title.label]);
  }
  const danglingChildren = new Map<string, string[]>();
  for (const e of laid.edges) if (e.dangling) danglingChildren.set(e.parent, [...(danglingChildren.get(e.parent) ?? []), e.child]);

  const nodes = laid.nodes.map((node): PictureNode => {
    const revision = node.index >= 0 ? all[node.index] : undefined;
    const head = revision?.head ?? false;
    const base = revision?.base ?? false;
    const outlined = head && heads.length > 1;
    const notes: string[] = [];
    if (node.ghost) {
      const children = danglingChildren.get(node.id) ?? [];
      notes.push(`No revision file defines '${node.id}', named by ${children.map((c) => shortRevision(c)).join(', ')}.`);
    }
    if (outlined) notes.push(`One of ${heads.length} heads: \`alembic upgrade head\` refuses until they are merged (Merge Heads…).`);
    if (cycleIds.has(node.id)) notes.push('In a cycle of down_revision / depends_on: Alembic cannot order these revisions.');
    if (revision?.state === 'dbOnly') notes.push('In the database’s version table, but no revision file defines it.');
    if (revision?.errors) notes.push(`${revision.errors} error${revision.errors === 1 ? '' : 's'} in the file.`);
    if (revision?.warnings) notes.push(`${revision.warnings} warning${revision.warnings === 1 ? '' : 's'} in the file.`);
    const tags = [...(startedHere.get(node.id) ?? [])];
    if (head) tags.push('head');
    if (base) tags.push('base');
    return {
      id: node.id,
      row: node.row,
      lane: node.lane,
      ghost: node.ghost,
      short: shortRevision(node.id),
      message: node.ghost ? '(missing)' : (revision?.message ?? ''),
      ...(revision?.state ? { state: revision.state } : {}),
      head,
      base,
      outlined,
      cycle: cycleIds.has(node.id),
      tags,
      notes,
      ...(revision?.file !== undefined ? { file: revision.file } : {}),
      ...(revision?.line !== undefined ? { line: revision.line } : {}),
      errors: revision?.errors ?? 0,
      warnings: revision?.warnings ?? 0,
    };
  });
  const edges = laid.edges.map((e): PictureEdge => {
    if (e.dangling) return { ...e, note: `${shortRevision(e.child)} names '${e.parent}', which no revision file defines.` };
    if (e.cycle) return { ...e, note: `${shortRevision(e.child)} → ${shortRevision(e.parent)} closes a cycle.` };
    return e;
  });
  return { title, nodes, edges, lanes: laid.lanes, rows: laid.rows, laneTitles: laid.laneTitles, heads };
}
