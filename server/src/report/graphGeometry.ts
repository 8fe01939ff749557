// The revision graph's pixel geometry and words, shared by the SVG (graphSvg.ts, Node) and the
// webview's canvas (client/webview/graph.ts): kept apart from graphLayout.ts so the webview bundle
// does not carry the layout library. Pure.
import type { LayoutEdge } from './graphLayout';
import type { PictureState } from './graphPicture';

export const GEOMETRY = {
  laneWidth: 18,
  rowHeight: 26,
  margin: 16,
  nodeRadius: 6,
  /** Space between the last lane and the text column. */
  textGap: 14,
} as const;

/** The pixel centre of a grid point. */
export function pixelPoint(lane: number, row: number): [number, number] {
  return [GEOMETRY.margin + lane * GEOMETRY.laneWidth + GEOMETRY.laneWidth / 2, GEOMETRY.margin + row * GEOMETRY.rowHeight + GEOMETRY.rowHeight / 2];
}

/** Where the text column starts. */
export function textColumnX(lanes: number): number {
  return GEOMETRY.margin + Math.max(1, lanes) * GEOMETRY.laneWidth + GEOMETRY.textGap;
}

/** How a revision is titled on the picture: the first 12 characters of its id. */
export function shortRevision(id: string): string {
  return id.slice(0, 12);
}

/**
 * An edge's SVG path data (also what the canvas draws, through Path2D): straight runs with rounded
 * corners for a lane edge, a curve bulging sideways for a depends_on edge.
 */
export function edgePathData(edge: Pick<LayoutEdge, 'route' | 'kind'>): string {
  const points = edge.route.map(([lane, row]) => pixelPoint(lane, row));
  const f = (n: number) => String(Math.round(n * 10) / 10);
  const [x0, y0] = points[0];
  if (edge.kind === 'dependsOn' || points.length === 2) {
    const [x1, y1] = points[points.length - 1];
    if (edge.kind !== 'dependsOn') return `M${f(x0)} ${f(y0)}L${f(x1)} ${f(y1)}`;
    const bulge = GEOMETRY.laneWidth * 0.9;
    return `M${f(x0)} ${f(y0)}C${f(x0 + bulge)} ${f(y0 + (y1 - y0) / 3)} ${f(x1 + bulge)} ${f(y1 - (y1 - y0) / 3)} ${f(x1)} ${f(y1)}`;
  }
  let d = `M${f(x0)} ${f(y0)}`;
  for (let i = 1; i < points.length - 1; i++) {
    const [px, py] = points[i - 1];
    const [cx, cy] = points[i];
    const [nx, ny] = points[i + 1];
    const radius = Math.min(GEOMETRY.laneWidth / 2, Math.hypot(cx - px, cy - py) / 2, Math.hypot(nx - cx, ny - cy) / 2);
    const into = toward(cx, cy, px, py, radius);
    const out = toward(cx, cy, nx, ny, radius);
    d += `L${f(into[0])} ${f(into[1])}Q${f(cx)} ${f(cy)} ${f(out[0])} ${f(out[1])}`;
  }
  const [xn, yn] = points[points.length - 1];
  return `${d}L${f(xn)} ${f(yn)}`;
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
