// The revision graph as a standalone SVG document: `alembic-lint graph --format svg` and the graph
// panel's "Save as SVG", drawn from the same picture (graphPicture.ts) and geometry (graphGeometry.ts,
// top-down or left-right) as the panel's canvas. Plain strings, no DOM: runs in Node. Colours follow the reader's light or
// dark scheme; hovering a node or a red edge shows its findings (<title>).
import { edgePathData, GEOMETRY, graphGeometry, labelMessage, STATE_WORDS, type GraphDirection } from './graphGeometry';
import type { GraphPicture, PictureNode } from './graphPicture';

const FONT_SIZE = 12;
/** A generous width per character for the text column (the SVG has no way to measure). */
const CHAR_WIDTH = 7.2;

function escapeXml(text: string): string {
  return text.replace(/[<>&"']/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function nodeClasses(node: PictureNode): string {
  const classes = ['node', node.ghost ? 'ghost' : `state-${node.state ?? 'unknown'}`];
  if (node.outlined) classes.push('outlined');
  if (node.head) classes.push('head');
  if (node.cycle) classes.push('cycle');
  return classes.join(' ');
}

function tooltip(node: PictureNode): string {
  const lines = [`${node.id}${node.message ? ` — ${node.message}` : ''}`];
  if (node.state) lines.push(`State: ${STATE_WORDS[node.state]}`);
  if (node.tags.length) lines.push(node.tags.join(', '));
  lines.push(...node.notes);
  return lines.join('\n');
}

/** One SVG document: each project's picture under its title, one below the other. */
export function renderGraphSvg(pictures: readonly GraphPicture[], direction: GraphDirection = 'top-down'): string {
  const sections = pictures.map((picture) => renderSection(picture, direction));
  const width = Math.max(200, ...sections.map((section) => section.width));
  const height = sections.reduce((sum, section) => sum + section.height, 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="ui-monospace, SFMono-Regular, Menlo, Consolas, monospace" font-size="${FONT_SIZE}">`,
  );
  out.push(`<title>${escapeXml(pictures.map((picture) => picture.title).join(', ') || 'Alembic revisions')}</title>`);
  out.push(
    '<style>',
    'svg{background:#ffffff;color:#1f2328}',
    '.edge{fill:none;stroke:#8c959f;stroke-width:1.6}',
    '.edge.dependsOn{stroke-dasharray:4 3}',
    '.edge.cycle,.edge.dangling{stroke:#cf222e;stroke-width:2}',
    '.node{stroke:#57606a;stroke-width:1.5;fill:#d0d7de}',
    '.node.state-applied{fill:#2da44e;stroke:#1a7f37}',
    '.node.state-current{fill:#2da44e;stroke:#0969da;stroke-width:3}',
    '.node.state-pending{fill:#ffffff;stroke:#bf8700;stroke-width:2.5}',
    '.node.state-dbOnly{fill:#cf222e;stroke:#82071e}',
    '.node.ghost{fill:none;stroke:#cf222e;stroke-dasharray:3 2}',
    '.node.outlined{stroke:#fb8500;stroke-width:3.5}',
    '.node.cycle{stroke:#cf222e}',
    '.id{font-weight:600;fill:#0550ae}',
    '.message{fill:#1f2328}',
    '.ghost-text{fill:#cf222e}',
    '.tag{fill:#6e7781}',
    '.title{font-weight:600;fill:#1f2328}',
    `.label{font-size:${GEOMETRY.labelFontSize}px}`,
    '.lane-title{fill:#6e7781;font-style:italic}',
    '@media (prefers-color-scheme: dark){svg{background:#0d1117}.edge{stroke:#6e7681}.node{stroke:#8b949e;fill:#30363d}.node.state-pending{fill:#0d1117;stroke:#d29922}.id{fill:#79c0ff}.message,.title{fill:#e6edf3}.tag,.lane-title{fill:#8b949e}}',
    '</style>',
  );
  let y = 0;
  for (const section of sections) {
    out.push(`<g transform="translate(0 ${y})">`, ...section.body, '</g>');
    y += section.height;
  }
  out.push('</svg>');
  return out.join('\n') + '\n';
}

function renderSection(picture: GraphPicture, direction: GraphDirection): { body: string[]; width: number; height: number } {
  const geometry = graphGeometry(direction, picture.lanes, picture.rows, picture.laneTitles);
  const leftRight = direction === 'left-right';
  const textX = geometry.textX;
  const longest = leftRight
    ? 0
    : picture.nodes.reduce(
        (max, node) => Math.max(max, node.short.length + 2 + node.message.length + node.tags.reduce((sum, tag) => sum + tag.length + 3, 0)),
        0,
      );
  const width = Math.ceil(
    Math.max(leftRight ? geometry.width : textX + longest * CHAR_WIDTH + GEOMETRY.margin, GEOMETRY.margin * 2 + picture.title.length * CHAR_WIDTH),
  );
  const top = GEOMETRY.rowHeight; // room for the title
  const height = Math.ceil(top + geometry.height);
  const out: string[] = [];
  out.push(`<text class="title" x="${GEOMETRY.margin}" y="${GEOMETRY.margin + FONT_SIZE}">${escapeXml(picture.title)}</text>`);
  out.push(`<g transform="translate(0 ${top})">`);
  if (geometry.laneTitles.length) {
    out.push('<g class="lane-titles">');
    for (const title of geometry.laneTitles)
      out.push(`<text class="lane-title label" x="${title.x}" y="${title.y + GEOMETRY.labelFontSize / 2 - 2}">${escapeXml(title.text)}</text>`);
    out.push('</g>');
  }
  out.push('<g class="edges">');
  for (const edge of picture.edges) {
    const classes = ['edge', edge.kind, edge.cycle ? 'cycle' : '', edge.dangling ? 'dangling' : ''].filter(Boolean).join(' ');
    const title = edge.note ? `<title>${escapeXml(edge.note)}</title>` : '';
    out.push(`<path class="${classes}" d="${edgePathData(edge, geometry)}">${title}</path>`);
  }
  out.push('</g>', '<g class="nodes">');
  for (const node of picture.nodes) {
    const [x, y] = geometry.point(node.lane, node.row);
    const attrs = `data-id="${escapeXml(node.id)}"${node.state ? ` data-state="${node.state}"` : ''}${node.ghost ? ' data-ghost="true"' : ''}`;
    out.push(`<g ${attrs}><title>${escapeXml(tooltip(node))}</title>`);
    out.push(`<circle class="${nodeClasses(node)}" cx="${x}" cy="${y}" r="${GEOMETRY.nodeRadius}"/>`);
    const messageClass = node.ghost ? 'ghost-text' : 'message';
    if (leftRight) {
      // The label below the node: short id, then the message cut short (the <title> has it all).
      const label = geometry.label(node.lane, node.row);
      out.push(
        `<text class="label" x="${label.x}" y="${label.idY}"><tspan class="id">${escapeXml(node.short)}</tspan><tspan class="${messageClass}" x="${label.x}" y="${label.messageY}">${escapeXml(labelMessage(node.message))}</tspan></text>`,
      );
    } else {
      const baseline = y + FONT_SIZE / 2 - 2;
      const tags = node.tags.length ? ` <tspan class="tag">${node.tags.map((tag) => `[${escapeXml(tag)}]`).join(' ')}</tspan>` : '';
      out.push(
        `<text x="${textX}" y="${baseline}"><tspan class="id">${escapeXml(node.short)}</tspan> <tspan class="${messageClass}">${escapeXml(node.message)}</tspan>${tags}</text>`,
      );
    }
    out.push('</g>');
  }
  out.push('</g>', '</g>');
  return { body: out, width, height };
}
