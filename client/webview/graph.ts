// The revision graph webview: draws the picture the extension host laid out (graphPanel.ts) on a
// canvas, only the rows on screen, so a history of thousands of revisions pans and zooms smoothly.
// Pan: drag, wheel, arrow keys; zoom: Ctrl/⌘+wheel, + and -; 0 fits. Click a revision to open its
// file, right-click for the Revisions view's actions. Theme colours come from VS Code's CSS
// variables and are read again when the theme changes. Top-down or left-right (the
// `alembic.graph.direction` setting): every place on the canvas comes from graphGeometry.ts, as in the SVG.
import { edgeShape, GEOMETRY, graphGeometry, labelMessage, STATE_WORDS, type Geometry, type GraphDirection } from '../../server/src/report/graphGeometry';
import type { GraphPicture, PictureEdge, PictureNode } from '../../server/src/report/graphPicture';
import { actionsFor, type FromWebview, type GraphProbe, type PersistedGraphState, type ToWebview, type ViewState } from '../src/graph/messages';
import { unpackPicture } from '../src/graph/pictureWire';

interface VsCodeApi {
  postMessage(message: FromWebview): void;
  getState(): PersistedGraphState | undefined;
  setState(state: PersistedGraphState): void;
}
declare function acquireVsCodeApi(): VsCodeApi;

const vscode = acquireVsCodeApi();
const initial = JSON.parse(document.getElementById('initial-state')!.textContent || '{}') as PersistedGraphState;
const persisted: PersistedGraphState = { ...initial, ...vscode.getState() };

const canvas = document.getElementById('graph') as HTMLCanvasElement;
const g = canvas.getContext('2d', { alpha: false })!;
const stage = document.getElementById('stage')!;
const tooltip = document.getElementById('tooltip')!;
const menu = document.getElementById('menu')!;
const search = document.getElementById('search') as HTMLInputElement;
const matchesLabel = document.getElementById('matches')!;
const legend = document.getElementById('legend')!;

const { rowHeight, margin, nodeRadius } = GEOMETRY;
const CHUNK = 64;
const MIN_SCALE = 0.005;
const MAX_SCALE = 4;
const FONT_SIZE = 12;

let picture: GraphPicture | undefined;
let geometry: Geometry = graphGeometry('top-down', 0, 0);
let version = 0;
let connected = false;
const view: ViewState = persisted.view ?? { scale: 1, x: 0, y: 0 };
let selected: string | undefined = persisted.selected;
let hovered: PictureNode | undefined;
let matches: number[] = [];
let matchIndex = -1;
const byId = new Map<string, PictureNode>();
/** Edges by chunk of CHUNK rows they pass through. */
let edgeChunks: number[][] = [];
let edgeStamp = new Uint32Array(0);
let frame = 0;
let width = 0;
let height = 0;
let dpr = 1;
let graphWidth = 0;
let graphHeight = 0;
let drawScheduled = false;
/** Frame times of the last draws (ms), for the test hook. */
const drawTimes: number[] = [];

// ---- theme ----------------------------------------------------------------------------------------

interface Palette {
  background: string;
  foreground: string;
  muted: string;
  id: string;
  edge: string;
  red: string;
  green: string;
  yellow: string;
  blue: string;
  orange: string;
  selection: string;
  match: string;
  hover: string;
  border: string;
  font: string;
  monoFont: string;
}
let palette: Palette;

function readPalette(): Palette {
  const style = getComputedStyle(document.body);
  const css = (name: string, fallback: string) => style.getPropertyValue(name).trim() || fallback;
  const dark = document.body.classList.contains('vscode-dark') || document.body.classList.contains('vscode-high-contrast');
  return {
    background: css('--vscode-editor-background', dark ? '#1e1e1e' : '#ffffff'),
    foreground: css('--vscode-editor-foreground', dark ? '#d4d4d4' : '#1f1f1f'),
    muted: css('--vscode-descriptionForeground', '#8b8b8b'),
    id: css('--vscode-textLink-foreground', dark ? '#3794ff' : '#006ab1'),
    edge: css('--vscode-editorLineNumber-foreground', '#8b8b8b'),
    red: css('--vscode-charts-red', '#f14c4c'),
    green: css('--vscode-charts-green', '#89d185'),
    yellow: css('--vscode-charts-yellow', '#cca700'),
    blue: css('--vscode-charts-blue', '#3794ff'),
    orange: css('--vscode-charts-orange', '#d18616'),
    selection: css('--vscode-list-activeSelectionBackground', css('--vscode-editor-selectionBackground', '#264f78')),
    match: css('--vscode-editor-findMatchHighlightBackground', 'rgba(234, 92, 0, 0.33)'),
    hover: css('--vscode-list-hoverBackground', 'rgba(128, 128, 128, 0.15)'),
    border: css('--vscode-contrastBorder', ''),
    font: css('--vscode-font-family', 'sans-serif'),
    monoFont: css('--vscode-editor-font-family', 'monospace'),
  };
}
palette = readPalette();
// VS Code changes the body's class (vscode-light, vscode-dark, vscode-high-contrast) and the
// variables in the root element's style when the theme changes.
const themeObserver = new MutationObserver(() => {
  palette = readPalette();
  schedule();
});
themeObserver.observe(document.body, { attributes: true, attributeFilter: ['class', 'style'] });
themeObserver.observe(document.documentElement, { attributes: true, attributeFilter: ['class', 'style'] });

// ---- model ----------------------------------------------------------------------------------------

function setPicture(
  next: GraphPicture,
  direction: GraphDirection,
  nextVersion: number,
  isConnected: boolean,
  timing?: { openedAt: number; sentAt: number; layoutMs: number },
): void {
  const first = picture === undefined;
  const turned = !first && direction !== geometry.direction;
  const arrived = performance.now();
  const arrivedAt = Date.now();
  picture = next;
  version = nextVersion;
  connected = isConnected;
  byId.clear();
  for (const node of next.nodes) byId.set(node.id, node);
  const chunks = Math.ceil(next.rows / CHUNK) + 1;
  edgeChunks = Array.from({ length: chunks }, () => []);
  next.edges.forEach((edge, index) => {
    let low = Infinity;
    let high = -Infinity;
    for (const [, row] of edge.route) {
      low = Math.min(low, row);
      high = Math.max(high, row);
    }
    for (let c = Math.floor(low / CHUNK); c <= Math.floor(high / CHUNK); c++) edgeChunks[c]?.push(index);
  });
  edgeStamp = new Uint32Array(next.edges.length);
  geometry = graphGeometry(direction, next.lanes, next.rows, next.laneTitles);
  graphWidth = direction === 'top-down' ? geometry.textX + 480 : geometry.width;
  graphHeight = geometry.height;
  document.body.dataset.direction = direction;
  if (selected && !byId.has(selected)) selected = undefined;
  if (search.value) updateMatches(false);
  renderLegend();
  canvas.dataset.version = String(version);
  canvas.dataset.nodes = String(next.nodes.length);
  if (first && !persisted.view && selected) centreOn(byId.get(selected)!, false);
  // The other direction: the old view means nothing. The whole picture, or the selection when that is too small to read.
  if (turned) {
    fit();
    if (selected && view.scale < 0.6) centreOn(byId.get(selected)!, false);
  }
  clampView();
  draw();
  if (first) {
    const ms = performance.now() - arrived;
    canvas.dataset.paintedMs = ms.toFixed(1);
    canvas.dataset.paintedAt = performance.now().toFixed(1);
    canvas.dataset.paintedWall = String(Date.now());
    if (timing) {
      // From the command on the host to the canvas drawn; the host's layout; the message's trip.
      canvas.dataset.openToPaintMs = String(Date.now() - timing.openedAt);
      canvas.dataset.openedAt = String(timing.openedAt);
      canvas.dataset.layoutMs = timing.layoutMs.toFixed(1);
      canvas.dataset.transitMs = String(arrivedAt - timing.sentAt);
    }
    vscode.postMessage({ type: 'painted', version, ms, nodes: next.nodes.length });
  }
}

function renderLegend(): void {
  const items: [string, string][] = [
    ['applied', 'applied'],
    ['current', 'current'],
    ['pending', 'pending'],
    ['dbOnly', 'database only'],
  ];
  legend.replaceChildren(
    ...(connected
      ? items.map(([state, words]) => {
          const item = document.createElement('span');
          const swatch = document.createElement('span');
          swatch.className = `swatch ${state}`;
          item.append(swatch, words);
          return item;
        })
      : [Object.assign(document.createElement('span'), { textContent: 'No database connected: states are not shown.' })]),
  );
}

// ---- view -----------------------------------------------------------------------------------------

function resize(): void {
  const rect = stage.getBoundingClientRect();
  dpr = window.devicePixelRatio || 1;
  width = Math.max(1, rect.width);
  height = Math.max(1, rect.height);
  canvas.width = Math.round(width * dpr);
  canvas.height = Math.round(height * dpr);
  clampView();
  draw();
}
new ResizeObserver(resize).observe(stage);

function clampView(): void {
  if (!picture) return; // nothing to clamp against yet (a restored view must survive until the picture comes)
  view.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale));
  const visibleW = width / view.scale;
  const visibleH = height / view.scale;
  // Some of the graph stays on screen whatever the pan.
  view.x = Math.min(Math.max(view.x, -visibleW + 60 / view.scale), Math.max(0, graphWidth - 60 / view.scale));
  view.y = Math.min(Math.max(view.y, -visibleH + 60 / view.scale), Math.max(0, graphHeight - 60 / view.scale));
}

let saveTimer: ReturnType<typeof setTimeout> | undefined;
function viewChanged(): void {
  clampView();
  schedule();
  clearTimeout(saveTimer);
  saveTimer = setTimeout(() => vscode.setState({ config: persisted.config, view: { ...view }, ...(selected ? { selected } : {}) }), 200);
}

function zoomAt(factor: number, sx: number, sy: number): void {
  const gx = view.x + sx / view.scale;
  const gy = view.y + sy / view.scale;
  view.scale = Math.min(MAX_SCALE, Math.max(MIN_SCALE, view.scale * factor));
  view.x = gx - sx / view.scale;
  view.y = gy - sy / view.scale;
  viewChanged();
}

function fit(): void {
  if (!picture) return;
  view.scale = Math.min(1.5, Math.max(MIN_SCALE, Math.min(width / graphWidth, height / graphHeight)));
  view.x = (graphWidth - width / view.scale) / 2;
  view.y = (graphHeight - height / view.scale) / 2;
  viewChanged();
}

function nodeCentre(node: PictureNode): [number, number] {
  return geometry.point(node.lane, node.row);
}

function centreOn(node: PictureNode, animate = true): void {
  const [x, y] = nodeCentre(node);
  if (view.scale < 0.6) view.scale = 1;
  // Along the rows, centred; across them, only when the revision's lane is off screen (then the lanes' start).
  if (geometry.direction === 'top-down') {
    if (x < view.x || x > view.x + width / view.scale) view.x = 0;
    view.y = y - height / view.scale / 2;
  } else {
    if (y < view.y || y > view.y + height / view.scale) view.y = 0;
    view.x = x - width / view.scale / 2;
  }
  if (animate) viewChanged();
  else clampView();
}

/** The rows on screen (maybe a few beyond, `pad` each side). */
function visibleRows(pad: number): [number, number] {
  const [first, last] = geometry.rowsIn({ x: view.x, y: view.y, width: width / view.scale, height: height / view.scale });
  return [Math.max(0, first - pad), Math.min((picture?.rows ?? 0) - 1, last + pad)];
}

// ---- drawing --------------------------------------------------------------------------------------

function schedule(): void {
  if (drawScheduled) return;
  drawScheduled = true;
  requestAnimationFrame(() => {
    drawScheduled = false;
    draw();
  });
}

function traceEdge(edge: PictureEdge): void {
  const { start, segments } = edgeShape(edge, geometry);
  g.moveTo(start[0], start[1]);
  for (const segment of segments) {
    if (segment.kind === 'L') g.lineTo(segment.to[0], segment.to[1]);
    else if (segment.kind === 'Q') g.quadraticCurveTo(segment.c[0], segment.c[1], segment.to[0], segment.to[1]);
    else g.bezierCurveTo(segment.c1[0], segment.c1[1], segment.c2[0], segment.c2[1], segment.to[0], segment.to[1]);
  }
}

function nodeFill(node: PictureNode): { fill: string | undefined; stroke: string; width: number } {
  if (node.ghost) return { fill: undefined, stroke: palette.red, width: 1.5 };
  const stroke = node.outlined ? palette.orange : node.cycle ? palette.red : palette.edge;
  const width = node.outlined ? 3 : 1.5;
  switch (node.state) {
    case 'applied':
      return { fill: palette.green, stroke: node.outlined || node.cycle ? stroke : palette.green, width };
    case 'current':
      return { fill: palette.green, stroke: node.outlined ? stroke : palette.blue, width: 3 };
    case 'pending':
      return { fill: palette.background, stroke: node.outlined ? stroke : palette.yellow, width: node.outlined ? 3 : 2.5 };
    case 'dbOnly':
      return { fill: palette.red, stroke: palette.red, width };
    default:
      return { fill: palette.muted, stroke, width };
  }
}

function draw(): void {
  const started = performance.now();
  g.setTransform(dpr, 0, 0, dpr, 0, 0);
  g.fillStyle = palette.background;
  g.fillRect(0, 0, width, height);
  if (!picture) return;
  const s = view.scale;
  g.setTransform(dpr * s, 0, 0, dpr * s, -view.x * s * dpr, -view.y * s * dpr);
  const [firstRow, lastRow] = visibleRows(1);
  const leftRight = geometry.direction === 'left-right';
  const textX = geometry.textX;
  const across = leftRight ? Math.max(graphHeight, view.y + height / s) - margin : Math.max(graphWidth, view.x + width / s) - margin;

  // Row bands (columns, left-right): selection, search matches, hover.
  const band = (node: PictureNode | undefined, colour: string) => {
    if (!node || node.row < firstRow || node.row > lastRow) return;
    const slot = geometry.rowSlot(node.row, across);
    g.fillStyle = colour;
    g.fillRect(slot.x, slot.y, slot.width, slot.height);
  };
  if (matches.length) {
    const matchSet = new Set(matches);
    for (let row = firstRow; row <= lastRow; row++) if (matchSet.has(row)) band(picture.nodes[row], palette.match);
  }
  band(hovered, palette.hover);
  band(selected ? byId.get(selected) : undefined, palette.selection);

  // Edges passing through the visible rows, one path per style.
  frame++;
  const normal: PictureEdge[] = [];
  const dashed: PictureEdge[] = [];
  const red: PictureEdge[] = [];
  for (let c = Math.floor(firstRow / CHUNK); c <= Math.floor(lastRow / CHUNK); c++) {
    for (const index of edgeChunks[c] ?? []) {
      if (edgeStamp[index] === frame) continue;
      edgeStamp[index] = frame;
      const edge = picture.edges[index];
      (edge.cycle || edge.dangling ? red : edge.kind === 'dependsOn' ? dashed : normal).push(edge);
    }
  }
  const strokeAll = (edges: PictureEdge[], colour: string, lineWidth: number, dash: number[]) => {
    if (!edges.length) return;
    g.beginPath();
    for (const edge of edges) traceEdge(edge);
    g.strokeStyle = colour;
    g.lineWidth = Math.max(lineWidth, 1 / s);
    g.setLineDash(dash);
    g.stroke();
  };
  strokeAll(normal, palette.edge, 1.6, []);
  strokeAll(dashed, palette.edge, 1.4, [4, 3]);
  strokeAll(red, palette.red, 2, []);
  g.setLineDash([]);

  // Nodes.
  const tiny = s * nodeRadius < 1.5;
  for (let row = firstRow; row <= lastRow; row++) {
    const node = picture.nodes[row];
    const [x, y] = nodeCentre(node);
    const { fill, stroke, width: lineWidth } = nodeFill(node);
    if (tiny) {
      g.fillStyle = fill ?? stroke;
      g.fillRect(x - nodeRadius, y - nodeRadius, nodeRadius * 2, nodeRadius * 2);
      continue;
    }
    g.beginPath();
    g.arc(x, y, nodeRadius, 0, Math.PI * 2);
    if (fill) {
      g.fillStyle = fill;
      g.fill();
    }
    g.lineWidth = lineWidth;
    g.strokeStyle = stroke;
    if (node.ghost) g.setLineDash([3, 2]);
    g.stroke();
    g.setLineDash([]);
  }

  // Left-right: each revision's label below it, the lane titles kept at the screen's left.
  if (leftRight && s * GEOMETRY.labelFontSize >= 6) {
    const maxWidth = GEOMETRY.columnWidth - GEOMETRY.labelOffset - 6;
    g.textBaseline = 'alphabetic';
    for (let row = firstRow; row <= lastRow; row++) {
      const node = picture.nodes[row];
      const label = geometry.label(node.lane, node.row);
      g.font = `600 ${GEOMETRY.labelFontSize}px ${palette.monoFont}`;
      g.fillStyle = node.ghost ? palette.red : palette.id;
      g.fillText(node.short, label.x, label.idY, maxWidth);
      g.font = `${GEOMETRY.labelFontSize}px ${palette.font}`;
      g.fillStyle = node.ghost ? palette.red : palette.foreground;
      g.fillText(labelMessage(node.message), label.x, label.messageY, maxWidth);
    }
    g.font = `italic ${GEOMETRY.labelFontSize}px ${palette.font}`;
    g.textBaseline = 'middle';
    for (const title of geometry.laneTitles) {
      const x = Math.max(title.x, view.x + 4 / s);
      const textWidth = g.measureText(title.text).width;
      g.fillStyle = palette.background;
      g.fillRect(x - 2, title.y - 8, textWidth + 4, 16);
      g.fillStyle = palette.muted;
      g.fillText(title.text, x, title.y);
    }
  }

  // Top-down: the text column, when it can be read.
  if (!leftRight && s * FONT_SIZE >= 6) {
    g.textBaseline = 'middle';
    for (let row = firstRow; row <= lastRow; row++) {
      const node = picture.nodes[row];
      const [, y] = nodeCentre(node);
      let x = textX;
      g.font = `600 ${FONT_SIZE}px ${palette.monoFont}`;
      g.fillStyle = node.ghost ? palette.red : palette.id;
      g.fillText(node.short, x, y);
      x += g.measureText(node.short).width + 8;
      g.font = `${FONT_SIZE}px ${palette.font}`;
      g.fillStyle = node.ghost ? palette.red : palette.foreground;
      if (node.message) {
        g.fillText(node.message, x, y);
        x += g.measureText(node.message).width + 8;
      }
      for (const tag of node.tags) {
        const tagWidth = g.measureText(tag).width + 10;
        g.strokeStyle = tag === 'head' && node.outlined ? palette.orange : palette.muted;
        g.lineWidth = 1;
        g.beginPath();
        g.roundRect(x, y - 8, tagWidth, 16, 8);
        g.stroke();
        g.fillStyle = palette.muted;
        g.fillText(tag, x + 5, y);
        x += tagWidth + 4;
      }
      if (node.notes.length && (node.ghost || node.cycle || node.outlined || node.state === 'dbOnly')) {
        g.fillStyle = palette.red;
        g.fillText('⚠', x, y);
      }
    }
  }
  const ms = performance.now() - started;
  drawTimes.push(ms);
  if (drawTimes.length > 120) drawTimes.shift();
}

// ---- hit testing and interaction ------------------------------------------------------------------

function nodeAt(clientX: number, clientY: number): PictureNode | undefined {
  if (!picture) return undefined;
  const rect = canvas.getBoundingClientRect();
  const gx = view.x + (clientX - rect.left) / view.scale;
  const gy = view.y + (clientY - rect.top) / view.scale;
  const row = geometry.rowAt(gx, gy);
  if (row < 0 || row >= picture.rows || gx < 0 || gx > graphWidth || gy < 0 || gy > graphHeight) return undefined;
  return picture.nodes[row];
}

function select(node: PictureNode | undefined, tell: boolean): void {
  selected = node?.id;
  document.body.dataset.selected = selected ?? '';
  if (tell) vscode.postMessage({ type: 'select', id: selected });
  viewChanged();
}

let drag: { x: number; y: number; viewX: number; viewY: number; moved: boolean } | undefined;

canvas.addEventListener('pointerdown', (event) => {
  if (event.button !== 0) return;
  hideMenu();
  canvas.focus();
  try {
    canvas.setPointerCapture(event.pointerId);
  } catch {
    // A synthetic event (the tests) has no active pointer to capture.
  }
  drag = { x: event.clientX, y: event.clientY, viewX: view.x, viewY: view.y, moved: false };
});

canvas.addEventListener('pointermove', (event) => {
  if (drag) {
    const dx = event.clientX - drag.x;
    const dy = event.clientY - drag.y;
    if (!drag.moved && Math.hypot(dx, dy) < 4) return;
    drag.moved = true;
    canvas.classList.add('dragging');
    view.x = drag.viewX - dx / view.scale;
    view.y = drag.viewY - dy / view.scale;
    hideTooltip();
    viewChanged();
    return;
  }
  const node = nodeAt(event.clientX, event.clientY);
  if (node !== hovered) {
    hovered = node;
    schedule();
  }
  if (node) showTooltip(node, event.clientX, event.clientY);
  else hideTooltip();
});

canvas.addEventListener('pointerleave', () => {
  hovered = undefined;
  hideTooltip();
  schedule();
});

canvas.addEventListener('pointerup', (event) => {
  const wasDrag = drag?.moved;
  drag = undefined;
  canvas.classList.remove('dragging');
  if (wasDrag || event.button !== 0) return;
  const node = nodeAt(event.clientX, event.clientY);
  if (!node) return;
  select(node, true);
  if (!node.ghost && node.state !== 'dbOnly') vscode.postMessage({ type: 'open', id: node.id });
});

canvas.addEventListener('contextmenu', (event) => {
  event.preventDefault();
  const node = nodeAt(event.clientX, event.clientY);
  if (!node) return;
  select(node, true);
  showMenu(node, event.clientX, event.clientY);
});

canvas.addEventListener(
  'wheel',
  (event) => {
    event.preventDefault();
    hideMenu();
    const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? height : 1;
    if (event.ctrlKey || event.metaKey) {
      const rect = canvas.getBoundingClientRect();
      zoomAt(Math.exp(-event.deltaY * unit * 0.0025), event.clientX - rect.left, event.clientY - rect.top);
    } else {
      view.x += ((event.shiftKey ? event.deltaY : event.deltaX) * unit) / view.scale;
      view.y += ((event.shiftKey ? 0 : event.deltaY) * unit) / view.scale;
      viewChanged();
    }
  },
  { passive: false },
);

canvas.addEventListener('keydown', (event) => {
  const step = 60 / view.scale;
  const page = (height * 0.9) / view.scale;
  const handled = (() => {
    switch (event.key) {
      case 'ArrowLeft':
        view.x -= step;
        break;
      case 'ArrowRight':
        view.x += step;
        break;
      case 'ArrowUp':
        view.y -= step;
        break;
      case 'ArrowDown':
        view.y += step;
        break;
      case 'PageUp':
        if (geometry.direction === 'top-down') view.y -= page;
        else view.x -= (width * 0.9) / view.scale;
        break;
      case 'PageDown':
        if (geometry.direction === 'top-down') view.y += page;
        else view.x += (width * 0.9) / view.scale;
        break;
      case 'Home':
        if (geometry.direction === 'top-down') view.y = 0;
        else view.x = 0;
        break;
      case 'End':
        if (geometry.direction === 'top-down') view.y = graphHeight - height / view.scale;
        else view.x = graphWidth - width / view.scale;
        break;
      case '+':
      case '=':
        zoomAt(1.25, width / 2, height / 2);
        return true;
      case '-':
      case '_':
        zoomAt(0.8, width / 2, height / 2);
        return true;
      case '0':
        fit();
        return true;
      case 'j':
      case 'k': {
        if (!picture) return false;
        const current = selected ? byId.get(selected)!.row : -1;
        const next = picture.nodes[Math.min(picture.rows - 1, Math.max(0, current + (event.key === 'j' ? 1 : -1)))];
        select(next, true);
        ensureVisible(next);
        return true;
      }
      case 'Enter':
        if (selected && byId.get(selected) && !byId.get(selected)!.ghost) vscode.postMessage({ type: 'open', id: selected });
        return true;
      case 'ContextMenu': {
        const node = selected ? byId.get(selected) : undefined;
        if (node) {
          const [x, y] = toScreen(node);
          showMenu(node, x, y);
        }
        return true;
      }
      case 'f':
        if (!(event.ctrlKey || event.metaKey)) return false;
        search.focus();
        search.select();
        return true;
      case '/':
        search.focus();
        search.select();
        return true;
      default:
        return false;
    }
    viewChanged();
    return true;
  })();
  if (handled) event.preventDefault();
});

function toScreen(node: PictureNode): [number, number] {
  const rect = canvas.getBoundingClientRect();
  const [x, y] = nodeCentre(node);
  return [rect.left + (x - view.x) * view.scale, rect.top + (y - view.y) * view.scale];
}

function ensureVisible(node: PictureNode): void {
  const [x, y] = nodeCentre(node);
  const off =
    geometry.direction === 'top-down'
      ? y < view.y + rowHeight || y > view.y + height / view.scale - rowHeight
      : x < view.x + GEOMETRY.columnWidth / 2 || x > view.x + width / view.scale - GEOMETRY.columnWidth / 2;
  if (off) centreOn(node);
}

// ---- tooltip, menu, search, toolbar ---------------------------------------------------------------

function showTooltip(node: PictureNode, x: number, y: number): void {
  const lines = [`${node.id}${node.message ? ` — ${node.message}` : ''}`];
  if (node.state) lines.push(`State: ${STATE_WORDS[node.state]}`);
  else if (!node.ghost && connected) lines.push('State: unknown');
  if (node.tags.length) lines.push(node.tags.join(' · '));
  lines.push(...node.notes);
  tooltip.textContent = lines.join('\n');
  tooltip.hidden = false;
  tooltip.style.left = `${Math.min(x + 14, window.innerWidth - tooltip.offsetWidth - 4)}px`;
  tooltip.style.top = `${Math.min(y + 16, window.innerHeight - tooltip.offsetHeight - 4)}px`;
}

function hideTooltip(): void {
  tooltip.hidden = true;
}

function showMenu(node: PictureNode, x: number, y: number): void {
  hideTooltip();
  const actions = actionsFor(node);
  if (!actions.length) return;
  menu.replaceChildren(
    ...actions.map((action) => {
      const item = document.createElement('button');
      item.setAttribute('role', 'menuitem');
      item.dataset.command = action.command;
      const icon = document.createElement('i');
      icon.className = `codicon codicon-${action.icon}`;
      item.append(icon, action.title);
      item.addEventListener('click', () => {
        hideMenu();
        vscode.postMessage({ type: 'action', command: action.command, id: node.id });
      });
      return item;
    }),
  );
  menu.dataset.for = node.id;
  menu.hidden = false;
  menu.style.left = `${Math.min(x, window.innerWidth - menu.offsetWidth - 4)}px`;
  menu.style.top = `${Math.min(y, window.innerHeight - menu.offsetHeight - 4)}px`;
  (menu.firstElementChild as HTMLElement | null)?.focus();
}

function hideMenu(): void {
  menu.hidden = true;
}

menu.addEventListener('keydown', (event) => {
  const items = [...menu.querySelectorAll('button')];
  const at = items.indexOf(document.activeElement as HTMLButtonElement);
  if (event.key === 'Escape') {
    hideMenu();
    canvas.focus();
  } else if (event.key === 'ArrowDown') items[(at + 1) % items.length]?.focus();
  else if (event.key === 'ArrowUp') items[(at - 1 + items.length) % items.length]?.focus();
  else return;
  event.preventDefault();
});
document.addEventListener('pointerdown', (event) => {
  if (!menu.contains(event.target as Node)) hideMenu();
});

function updateMatches(jump: boolean): void {
  const query = search.value.trim().toLowerCase();
  matches = [];
  if (query && picture) {
    for (const node of picture.nodes) if (node.id.toLowerCase().startsWith(query) || node.message.toLowerCase().includes(query)) matches.push(node.row);
  }
  matchIndex = matches.length ? 0 : -1;
  matchesLabel.textContent = query ? (matches.length ? `${matchIndex + 1} of ${matches.length}` : 'No results') : '';
  if (jump && matches.length) goToMatch(0);
  schedule();
}

function goToMatch(index: number): void {
  if (!picture || !matches.length) return;
  matchIndex = (index + matches.length) % matches.length;
  matchesLabel.textContent = `${matchIndex + 1} of ${matches.length}`;
  const node = picture.nodes[matches[matchIndex]];
  select(node, true);
  centreOn(node);
}

search.addEventListener('input', () => updateMatches(true));
search.addEventListener('keydown', (event) => {
  if (event.key === 'Enter') {
    goToMatch(matchIndex + (event.shiftKey ? -1 : 1));
    event.preventDefault();
  } else if (event.key === 'Escape') {
    search.value = '';
    updateMatches(false);
    canvas.focus();
  }
});

document.getElementById('zoom-in')!.addEventListener('click', () => zoomAt(1.25, width / 2, height / 2));
document.getElementById('zoom-out')!.addEventListener('click', () => zoomAt(0.8, width / 2, height / 2));
document.getElementById('fit')!.addEventListener('click', fit);
document.getElementById('save-svg')!.addEventListener('click', () => vscode.postMessage({ type: 'saveSvg' }));

// ---- messages -------------------------------------------------------------------------------------

window.addEventListener('message', (event: MessageEvent<ToWebview>) => {
  const message = event.data;
  switch (message.type) {
    case 'picture':
      setPicture(unpackPicture(message.picture), message.direction, message.version, message.connected, message.timing);
      break;
    case 'select': {
      const node = message.id ? byId.get(message.id) : undefined;
      selected = node?.id ?? message.id;
      document.body.dataset.selected = selected ?? '';
      if (node && message.reveal) centreOn(node);
      else viewChanged();
      break;
    }
    case 'fit':
      fit();
      break;
    case 'probe':
      vscode.postMessage({ type: 'probe', probe: probe() });
      break;
    case 'simulate': {
      // A real pointer event at the node's place on screen, through the same handlers as a click.
      if (message.toolbar) {
        document.getElementById(message.toolbar)?.click();
        break;
      }
      const node = message.id ? byId.get(message.id) : undefined;
      if (!node) break;
      ensureVisible(node);
      draw();
      const [x, y] = toScreen(node);
      const init = { clientX: x, clientY: y, bubbles: true, button: message.button === 'right' ? 2 : 0, pointerId: 1 };
      if (message.button !== 'right') {
        canvas.dispatchEvent(new PointerEvent('pointerdown', init));
        canvas.dispatchEvent(new PointerEvent('pointerup', init));
      } else canvas.dispatchEvent(new MouseEvent('contextmenu', init));
      if (message.menuCommand) menu.querySelector<HTMLButtonElement>(`button[data-command="${CSS.escape(message.menuCommand)}"]`)?.click();
      break;
    }
  }
});

/** What the tests read: the view, the selection, and the revisions on screen with their state and place. */
function probe(): GraphProbe {
  const rect = canvas.getBoundingClientRect();
  const visible: { id: string; state?: string; ghost: boolean; x: number; y: number }[] = [];
  if (picture) {
    const [firstRow, lastRow] = visibleRows(0);
    for (let row = firstRow; row <= lastRow; row++) {
      const node = picture.nodes[row];
      const [x, y] = toScreen(node);
      if (y < rect.top || y > rect.bottom || (geometry.direction === 'left-right' && (x < rect.left || x > rect.right))) continue;
      visible.push({ id: node.id, ...(node.state ? { state: node.state } : {}), ghost: node.ghost, x, y });
    }
  }
  return {
    version,
    direction: geometry.direction,
    selected,
    view: { ...view },
    nodes: picture?.nodes.length ?? 0,
    visible,
    menu: menu.hidden ? undefined : { for: menu.dataset.for, commands: [...menu.querySelectorAll('button')].map((b) => b.dataset.command) },
    paintedMs: Number(canvas.dataset.paintedMs ?? NaN),
  };
}

/** Measures pan frame times: `frames` animation frames, each panning and drawing (the e2e layer logs it). */
function measurePan(frames: number): Promise<{ fps: number; meanDrawMs: number; maxDrawMs: number }> {
  return new Promise((resolve) => {
    const times: number[] = [];
    const draws: number[] = [];
    let last = performance.now();
    let count = 0;
    const step = () => {
      const now = performance.now();
      if (count > 0) times.push(now - last);
      last = now;
      if (geometry.direction === 'top-down') {
        view.y += 37 / view.scale;
        if (view.y > graphHeight - height / view.scale) view.y = 0;
      } else {
        view.x += 37 / view.scale;
        if (view.x > graphWidth - width / view.scale) view.x = 0;
      }
      const started = performance.now();
      draw();
      draws.push(performance.now() - started);
      if (++count <= frames) requestAnimationFrame(step);
      else {
        const mean = times.reduce((a, b) => a + b, 0) / times.length;
        resolve({ fps: 1000 / mean, meanDrawMs: draws.reduce((a, b) => a + b, 0) / draws.length, maxDrawMs: Math.max(...draws) });
      }
    };
    requestAnimationFrame(step);
  });
}

(window as unknown as { alembicGraph: unknown }).alembicGraph = {
  probe,
  measurePan,
  zoomAt: (factor: number) => zoomAt(factor, width / 2, height / 2),
  fit,
  drawTimes,
  /** What VS Code keeps for a reload (written 200 ms after the view settles). */
  saved: () => vscode.getState(),
};

resize();
vscode.postMessage({ type: 'ready' });
