// The revision graph's geometry in both directions (server/src/report/graphGeometry.ts), shared by
// the SVG and the webview's canvas, and the SVG drawn left-right: where nodes, rows, edges and
// labels go, without a browser.
import * as assert from 'node:assert/strict';
import { edgeShape, GEOMETRY, graphGeometry, labelMessage } from '../../server/src/report/graphGeometry';
import { layoutGraph, type LayoutRevision } from '../../server/src/report/graphLayout';
import { buildPicture, type PictureRevision } from '../../server/src/report/graphPicture';
import { renderGraphSvg } from '../../server/src/report/graphSvg';
import { allElements, parseXml, textOf } from './xmlCheck';

/** Two branches off a base, merged, with a branch label and a depends_on. */
const branchy: LayoutRevision[] = [
  { id: 'base', downRevisions: [] },
  { id: 'left1', downRevisions: ['base'], branches: ['shop'] },
  { id: 'right1', downRevisions: ['base'] },
  { id: 'left2', downRevisions: ['left1'], branches: ['shop'], dependsOn: ['right1'] },
  { id: 'merge', downRevisions: ['left2', 'right1'] },
];

const chain = (length: number): PictureRevision[] =>
  Array.from({ length }, (_, i) => ({
    id: `rev${String(i).padStart(4, '0')}abcdef`,
    downRevisions: i ? [`rev${String(i - 1).padStart(4, '0')}abcdef`] : [],
    head: i === length - 1,
    base: i === 0,
    message: `step ${i}: a message far longer than any label has room for`,
  }));

const sign = (n: number) => Math.sign(Math.round(n * 1000));

describe('graph geometry in both directions', () => {
  const layout = layoutGraph(branchy);
  const td = graphGeometry('top-down', layout.lanes, layout.rows, layout.laneTitles);
  const lr = graphGeometry('left-right', layout.lanes, layout.rows, layout.laneTitles);

  it('keeps top-down where it was: lanes across, rows down', () => {
    for (const node of layout.nodes) {
      assert.deepEqual(td.point(node.lane, node.row), [
        GEOMETRY.margin + node.lane * GEOMETRY.laneWidth + GEOMETRY.laneWidth / 2,
        GEOMETRY.margin + node.row * GEOMETRY.rowHeight + GEOMETRY.rowHeight / 2,
      ]);
    }
  });

  it('places a node left-right at its top-down place transposed, the rows reversed (oldest at the left)', () => {
    const [first, ...rest] = layout.nodes;
    const [tx0, ty0] = td.point(first.lane, first.row);
    const [lx0, ly0] = lr.point(first.lane, first.row);
    for (const node of rest) {
      const [tx, ty] = td.point(node.lane, node.row);
      const [lx, ly] = lr.point(node.lane, node.row);
      // x follows the rows backwards, y follows the lanes, each scaled by one constant.
      assert.equal(lx - lx0, (-(ty - ty0) / GEOMETRY.rowHeight) * GEOMETRY.columnWidth, node.id);
      assert.equal(ly - ly0, ((tx - tx0) / GEOMETRY.laneWidth) * GEOMETRY.bandHeight, node.id);
    }
    // Upgrade order reads left to right: the base is leftmost, the merge rightmost.
    const x = (id: string) => {
      const node = layout.nodes.find((n) => n.id === id)!;
      return lr.point(node.lane, node.row)[0];
    };
    assert.ok(x('base') < x('left1') && x('left1') < x('left2') && x('left2') < x('merge'));
    assert.ok(lr.width > lr.height && td.height > layout.lanes * GEOMETRY.laneWidth);
  });

  it('finds the row at a node, its slot and the rows in a rectangle through the same map, in both directions', () => {
    for (const geometry of [td, lr]) {
      for (const node of layout.nodes) {
        const [x, y] = geometry.point(node.lane, node.row);
        assert.equal(geometry.rowAt(x, y), node.row, `${geometry.direction} ${node.id}`);
        const slot = geometry.rowSlot(node.row, geometry.direction === 'top-down' ? geometry.width : geometry.height);
        assert.ok(x >= slot.x && x <= slot.x + slot.width && y >= slot.y && y <= slot.y + slot.height, `${geometry.direction} ${node.id} in its slot`);
        const [first, last] = geometry.rowsIn({ x: x - 1, y: y - 1, width: 2, height: 2 });
        assert.deepEqual([first, last], [node.row, node.row]);
      }
      assert.deepEqual(geometry.rowsIn({ x: 0, y: 0, width: geometry.width, height: geometry.height }), [0, layout.rows - 1], geometry.direction);
    }
  });

  it('bulges a depends_on curve across the flow: right top-down, down left-right', () => {
    const dependsOn = layout.edges.find((e) => e.kind === 'dependsOn')!;
    assert.ok(dependsOn, 'the layout has the depends_on edge');
    const same = { ...dependsOn, route: [dependsOn.route[0], [dependsOn.route[0][0], dependsOn.route.at(-1)![1]]] as [number, number][] };
    const tdCurve = edgeShape(same, td);
    const lrCurve = edgeShape(same, lr);
    const [tdSeg] = tdCurve.segments;
    const [lrSeg] = lrCurve.segments;
    assert.equal(tdSeg.kind, 'C');
    assert.equal(lrSeg.kind, 'C');
    if (tdSeg.kind !== 'C' || lrSeg.kind !== 'C') return;
    assert.equal(tdSeg.c1[0] - tdCurve.start[0], GEOMETRY.bulge);
    assert.equal(sign(tdSeg.c1[1] - tdCurve.start[1]), sign(tdSeg.to[1] - tdCurve.start[1]));
    assert.equal(lrSeg.c1[1] - lrCurve.start[1], GEOMETRY.bulge);
    assert.equal(sign(lrSeg.c1[0] - lrCurve.start[0]), sign(lrSeg.to[0] - lrCurve.start[0]));
  });

  it('leaves each left-right label room before the next column, and cuts long messages short', () => {
    assert.equal(labelMessage('short'), 'short');
    const cut = labelMessage('a message far longer than any label has room for');
    assert.equal(cut.length, GEOMETRY.labelMessageChars);
    assert.ok(cut.endsWith('…'));
    const label = lr.label(0, 1);
    const [nextX] = lr.point(0, 0);
    const longest = Math.max(12, GEOMETRY.labelMessageChars) * GEOMETRY.labelCharWidth;
    assert.ok(label.x + longest < nextX - GEOMETRY.nodeRadius, `label ends at ${label.x + longest}, the next node starts at ${nextX - GEOMETRY.nodeRadius}`);
    assert.ok(label.messageY > label.idY && label.idY > lr.point(0, 1)[1] + GEOMETRY.nodeRadius);
    assert.ok(label.messageY < lr.point(1, 1)[1] - GEOMETRY.nodeRadius, 'the label stays in its band');
  });
});

describe('graph SVG left-right', () => {
  it('draws a long chain left to right, oldest first, each node labelled, wider than high', () => {
    const revisions = chain(30);
    const picture = buildPicture('alembic.ini', revisions);
    const lrRoot = parseXml(renderGraphSvg([picture], 'left-right'));
    const tdRoot = parseXml(renderGraphSvg([picture]));
    assert.ok(Number(lrRoot.attributes.width) > Number(lrRoot.attributes.height), `${lrRoot.attributes.width}×${lrRoot.attributes.height}`);
    assert.ok(Number(tdRoot.attributes.height) > Number(tdRoot.attributes.width), `${tdRoot.attributes.width}×${tdRoot.attributes.height}`);
    const groups = new Map(
      allElements(lrRoot)
        .filter((e) => e.attributes['data-id'])
        .map((e) => [e.attributes['data-id'], e]),
    );
    const xs = revisions.map((r) => Number(groups.get(r.id)!.children.find((e) => e.name === 'circle')!.attributes.cx));
    for (let i = 1; i < xs.length; i++) assert.ok(xs[i] > xs[i - 1], `${revisions[i].id} right of its parent`);
    const ys = new Set(revisions.map((r) => groups.get(r.id)!.children.find((e) => e.name === 'circle')!.attributes.cy));
    assert.equal(ys.size, 1, 'one band');
    for (const revision of revisions) {
      const group = groups.get(revision.id)!;
      const text = group.children.find((e) => e.name === 'text')!;
      assert.equal(textOf(text), `${revision.id.slice(0, 12)}${labelMessage(revision.message!)}`);
      assert.ok(Number(text.attributes.y) > Number(group.children.find((e) => e.name === 'circle')!.attributes.cy), 'label below the node');
      // The full message stays on hover.
      assert.match(textOf(group.children.find((e) => e.name === 'title')!), new RegExp(revision.message!));
    }
  });

  it('puts the lane titles at the left of their bands', () => {
    const picture = buildPicture(
      'alembic.ini',
      branchy.map((r) => ({ ...r, head: r.id === 'merge', base: r.id === 'base' })),
    );
    const root = parseXml(renderGraphSvg([picture], 'left-right'));
    const titles = allElements(root).filter((e) => e.name === 'text' && e.attributes.class?.includes('lane-title'));
    assert.deepEqual(
      titles.map((t) => textOf(t)),
      ['shop'],
    );
    const circles = allElements(root).filter((e) => e.name === 'circle');
    assert.ok(circles.every((c) => Number(c.attributes.cx) > Number(titles[0].attributes.x) + 'shop'.length * GEOMETRY.labelCharWidth));
  });
});
