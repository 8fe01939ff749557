// The revision graph's pixel geometry and words, shared by the SVG (graphSvg.ts, Node) and the
// webview's canvas (client/webview/graph.ts): kept apart from graphLayout.ts so the webview bundle
// does not carry the layout library. Pure.
//
// Two directions (the `alembic.graph.direction` setting, the CLI's `--direction`): top-down draws
// revisions in rows (newest at the top) and branches in lanes (columns), with a text column at
// the right; left-right turns rows into columns (oldest at the left, so upgrades read left to
// right) and lanes into horizontal bands, each revision labelled below its node, the lane titles
// at the left of their band. Everything that depends on the direction is in `graphGeometry()`.
import type { LaneTitle, LayoutEdge } from './graphLayout';
import type { PictureState } from './graphPicture';

export type GraphDirection = 'top-down' | 'left-right';
export const GRAPH_DIRECTIONS: readonly GraphDirection[] = ['top-down', 'left-right'];

export const GEOMETRY = {
  laneWidth: 18,
  rowHeight: 26,
  margin: 16,
  nodeRadius: 6,
  /** Space between the last lane and the text column (top-down), the lane titles and the first column (left-right). */
  textGap: 14,
  /** Left-right: a revision's column, wide enough for its label (which starts `labelOffset` right of the node). */
  columnWidth: 156,
  /** Left-right: a lane's band, the node and its two label lines. */
  bandHeight: 46,
  /** Left-right: the node's centre below the top of its band, and its label's start right of the node's centre. */
  nodeInset: 10,
  labelOffset: 8,
  /** Left-right: the label's font size and line height. */
  labelFontSize: 11,
  labelLine: 13,
  /** A generous width per character of the label font (the SVG has no way to measure). */
  labelCharWidth: 6.8,
  /** Left-right: the longest message shown under a node (the tooltip has it all). */
  labelMessageChars: 19,
  /** How far a depends_on curve bulges sideways (across the flow). */
  bulge: 16,
} as const;

/** A rectangle in graph pixels. */
export interface Rect {
  x: number;
  y: number;
  width: number;
  height: number;
}

/** An edge's shape: a start and segments (line, quadratic, cubic), replayed by the canvas and written as SVG path data. */
export type EdgeSegment =
  | { kind: 'L'; to: [number, number] }
  | { kind: 'Q'; c: [number, number]; to: [number, number] }
  | { kind: 'C'; c1: [number, number]; c2: [number, number]; to: [number, number] };
export interface EdgeShape {
  start: [number, number];
  segments: EdgeSegment[];
}

/** The picture's geometry in one direction: where a grid point is drawn and which row is where. */
export interface Geometry {
  direction: GraphDirection;
  /** The pixel centre of a grid point (lane, row); fractional points lie on the same affine map. */
  point(lane: number, row: number): [number, number];
  /** The row drawn at a graph point (its row band or column), maybe outside 0..rows-1. */
  rowAt(x: number, y: number): number;
  /** The rows whose band or column meets the rectangle, clamped to the picture (first > last: none). */
  rowsIn(rect: Rect): [number, number];
  /** A row's band (top-down) or column (left-right), `across` long the other way (selection, hover, matches). */
  rowSlot(row: number, across: number): Rect;
  /** Top-down: where the text column starts. */
  textX: number;
  /** Left-right: where a revision's label starts (x) and the baselines of its two lines. */
  label(lane: number, row: number): { x: number; idY: number; messageY: number };
  /** Left-right: the lane titles, one line per lane at the left of its band (a reused lane lists each label). */
  laneTitles: { lane: number; text: string; x: number; y: number }[];
  /** The size of the nodes and edges (top-down: to the text column; left-right: everything). */
  width: number;
  height: number;
}

/** The picture's geometry in `direction`, for `lanes` × `rows` and its lane titles. */
export function graphGeometry(direction: GraphDirection, lanes: number, rows: number, laneTitles: readonly LaneTitle[] = []): Geometry {
  const { margin, laneWidth, rowHeight, columnWidth, bandHeight, nodeInset, labelOffset, labelLine, labelCharWidth, textGap } = GEOMETRY;
  const clamp = (first: number, last: number): [number, number] => [Math.max(0, first), Math.min(rows - 1, last)];
  if (direction === 'top-down') {
    const textX = margin + Math.max(1, lanes) * laneWidth + textGap;
    return {
      direction,
      point: (lane, row) => [margin + lane * laneWidth + laneWidth / 2, margin + row * rowHeight + rowHeight / 2],
      rowAt: (_x, y) => Math.floor((y - margin) / rowHeight),
      rowsIn: (rect) => clamp(Math.floor((rect.y - margin) / rowHeight), Math.floor((rect.y + rect.height - margin) / rowHeight)),
      rowSlot: (row, across) => ({ x: margin / 2, y: margin + row * rowHeight, width: across, height: rowHeight }),
      textX,
      label: () => ({ x: textX, idY: 0, messageY: 0 }),
      laneTitles: [],
      width: textX,
      height: margin * 2 + rows * rowHeight,
    };
  }
  const byLane = new Map<number, string[]>();
  for (const title of laneTitles) byLane.set(title.lane, [...(byLane.get(title.lane) ?? []), title.label]);
  const titleTexts = [...byLane].sort(([a], [b]) => a - b).map(([lane, labels]) => ({ lane, text: labels.join(', ') }));
  const gutter = titleTexts.length ? Math.ceil(Math.max(...titleTexts.map((t) => t.text.length)) * labelCharWidth) + textGap : 0;
  const left = margin + gutter;
  // Column of a row: the oldest (last row) at the left.
  const columnLeft = (row: number) => left + (rows - 1 - row) * columnWidth;
  const point = (lane: number, row: number): [number, number] => [columnLeft(row) + nodeInset, margin + lane * bandHeight + nodeInset];
  const rowAt = (x: number) => rows - 1 - Math.floor((x - left) / columnWidth);
  return {
    direction,
    point,
    rowAt,
    rowsIn: (rect) => clamp(rowAt(rect.x + rect.width), rowAt(rect.x)),
    rowSlot: (row, across) => ({ x: columnLeft(row), y: margin / 2, width: columnWidth, height: across }),
    textX: left,
    label: (lane, row) => {
      const [x, y] = point(lane, row);
      return { x: x + labelOffset, idY: y + GEOMETRY.nodeRadius + labelLine - 2, messageY: y + GEOMETRY.nodeRadius + 2 * labelLine - 2 };
    },
    laneTitles: titleTexts.map(({ lane, text }) => ({ lane, text, x: margin, y: margin + lane * bandHeight + nodeInset })),
    width: left + rows * columnWidth + margin,
    height: margin * 2 + Math.max(1, lanes) * bandHeight,
  };
}

/** The message as a left-right label shows it: at most `labelMessageChars` characters. */
export function labelMessage(message: string): string {
  const max = GEOMETRY.labelMessageChars;
  const line = message.split('\n')[0];
  return line.length <= max ? line : `${line.slice(0, max - 1)}…`;
}

/** How a revision is titled on the picture: the first 12 characters of its id. */
export function shortRevision(id: string): string {
  return id.slice(0, 12);
}

/**
 * An edge's shape in `geometry`: straight runs with rounded corners for a lane edge, a curve
 * bulging sideways (across the flow: right in top-down, down in left-right) for a depends_on edge.
 */
export function edgeShape(edge: Pick<LayoutEdge, 'route' | 'kind'>, geometry: Geometry): EdgeShape {
  const points = edge.route.map(([lane, row]) => geometry.point(lane, row));
  const start = points[0];
  const end = points[points.length - 1];
  if (edge.kind === 'dependsOn') {
    // The curve's control points in grid units, a third of the way along the flow and a bulge across it.
    const [lane0, row0] = edge.route[0];
    const [lane1, row1] = edge.route[edge.route.length - 1];
    const [ax, ay] = geometry.point(0, 0);
    const [bx, by] = geometry.point(1, 0);
    const across = GEOMETRY.bulge / Math.hypot(bx - ax, by - ay);
    const c1 = geometry.point(lane0 + across, row0 + (row1 - row0) / 3);
    const c2 = geometry.point(lane1 + across, row1 - (row1 - row0) / 3);
    return { start, segments: [{ kind: 'C', c1, c2, to: end }] };
  }
  const segments: EdgeSegment[] = [];
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1];
    const [cx, cy] = points[i];
    const [nx, ny] = points[i + 1];
    const radius = Math.min(GEOMETRY.laneWidth / 2, Math.hypot(cx - px, cy - py) / 2, Math.hypot(nx - cx, ny - cy) / 2);
    segments.push({ kind: 'L', to: toward(cx, cy, px, py, radius) }, { kind: 'Q', c: [cx, cy], to: toward(cx, cy, nx, ny, radius) });
  }
  segments.push({ kind: 'L', to: end });
  return { start, segments };
}

/** An edge's SVG path data: its shape (edgeShape) written out. */
export function edgePathData(edge: Pick<LayoutEdge, 'route' | 'kind'>, geometry: Geometry): string {
  const f = ([x, y]: [number, number]) => `${Math.round(x * 10) / 10} ${Math.round(y * 10) / 10}`;
  const { start, segments } = edgeShape(edge, geometry);
  let d = `M${f(start)}`;
  for (const s of segments) d += s.kind === 'L' ? `L${f(s.to)}` : s.kind === 'Q' ? `Q${f(s.c)} ${f(s.to)}` : `C${f(s.c1)} ${f(s.c2)} ${f(s.to)}`;
  return d;
}

function toward(x: number, y: number, tx: number, ty: number, distance: number): [number, number] {
  const length = Math.hypot(tx - x, ty - y) || 1;
  return [x + ((tx - x) / length) * distance, y + ((ty - y) / length) * distance];
}

/** The state as words (legend, hover). */
export const STATE_WORDS: Record<PictureState, string> = {
  current: 'current (in the version table)',
  applied: 'applied',
  pending: 'pending',
  dbOnly: 'in the database only',
};
