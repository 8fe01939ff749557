// The revision graph's picture as it travels from the extension host to the webview: the same
// GraphPicture without what the webview can rebuild — each node's file and line (they stay on the
// host), fields at their defaults (false, 0, [], the short id), edge ends as node indices, routes
// flattened. At 5,000 revisions the message drops from ~1.8 MB to ~0.6 MB, and its trip (JSON
// through the workbench, then into the webview's frame) was a third of the first paint.
// Imported by both sides: no vscode, no DOM.
import { shortRevision } from '../../../server/src/report/graphGeometry';
import type { GraphPicture, PictureEdge, PictureNode, PictureState } from '../../../server/src/report/graphPicture';

const FLAGS = ['ghost', 'head', 'base', 'outlined', 'cycle'] as const;

/** A node: id, row, lane, message; the rest only when it differs from the default. */
interface PackedNode {
  i: string;
  r: number;
  l: number;
  m: string;
  /** Bits of FLAGS, in order. */
  f?: number;
  s?: PictureState;
  /** The short id, when it is not shortRevision(id). */
  h?: string;
  t?: string[];
  n?: string[];
  e?: number;
  w?: number;
}

/** An edge: child and parent as indices into the nodes, or the id for a parent no node has. */
interface PackedEdge {
  c: number | string;
  p: number | string;
  /** dependsOn (down otherwise). */
  d?: 1;
  y?: 1;
  g?: 1;
  /** The route's [lane, row] points, flattened. */
  r: number[];
  o?: string;
}

export interface PackedPicture extends Omit<GraphPicture, 'nodes' | 'edges'> {
  nodes: PackedNode[];
  edges: PackedEdge[];
}

/** The picture for the webview (files and lines left out). */
export function packPicture(picture: GraphPicture): PackedPicture {
  const index = new Map<string, number>();
  picture.nodes.forEach((node, i) => {
    if (!index.has(node.id)) index.set(node.id, i);
  });
  const nodes = picture.nodes.map((node): PackedNode => {
    const packed: PackedNode = { i: node.id, r: node.row, l: node.lane, m: node.message };
    let flags = 0;
    FLAGS.forEach((flag, bit) => {
      if (node[flag]) flags |= 1 << bit;
    });
    if (flags) packed.f = flags;
    if (node.state !== undefined) packed.s = node.state;
    if (node.short !== shortRevision(node.id)) packed.h = node.short;
    if (node.tags.length) packed.t = node.tags;
    if (node.notes.length) packed.n = node.notes;
    if (node.errors) packed.e = node.errors;
    if (node.warnings) packed.w = node.warnings;
    return packed;
  });
  const edges = picture.edges.map((edge): PackedEdge => {
    const packed: PackedEdge = { c: index.get(edge.child) ?? edge.child, p: index.get(edge.parent) ?? edge.parent, r: edge.route.flat() };
    if (edge.kind === 'dependsOn') packed.d = 1;
    if (edge.cycle) packed.y = 1;
    if (edge.dangling) packed.g = 1;
    if (edge.note !== undefined) packed.o = edge.note;
    return packed;
  });
  return { ...picture, nodes, edges };
}

/** The picture again, as packPicture had it (without files and lines). */
export function unpackPicture(packed: PackedPicture): GraphPicture {
  const nodes = packed.nodes.map((n): PictureNode => {
    const flags = n.f ?? 0;
    const node: PictureNode = {
      id: n.i,
      row: n.r,
      lane: n.l,
      ghost: (flags & 1) !== 0,
      short: n.h ?? shortRevision(n.i),
      message: n.m,
      head: (flags & 2) !== 0,
      base: (flags & 4) !== 0,
      outlined: (flags & 8) !== 0,
      cycle: (flags & 16) !== 0,
      tags: n.t ?? [],
      notes: n.n ?? [],
      errors: n.e ?? 0,
      warnings: n.w ?? 0,
    };
    if (n.s !== undefined) node.state = n.s;
    return node;
  });
  const idOf = (end: number | string) => (typeof end === 'number' ? nodes[end].id : end);
  const edges = packed.edges.map((e): PictureEdge => {
    const route: [number, number][] = [];
    for (let k = 0; k + 1 < e.r.length; k += 2) route.push([e.r[k], e.r[k + 1]]);
    const edge: PictureEdge = { child: idOf(e.c), parent: idOf(e.p), kind: e.d ? 'dependsOn' : 'down', cycle: e.y === 1, dangling: e.g === 1, route };
    if (e.o !== undefined) edge.note = e.o;
    return edge;
  });
  return { ...packed, nodes, edges };
}
