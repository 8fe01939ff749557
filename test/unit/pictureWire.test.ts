// The graph picture's wire form (client/src/graph/pictureWire.ts): what the webview unpacks is the
// picture the host built, less files and lines, for every kind of node and edge; and it is smaller.
import * as assert from 'node:assert/strict';
import { packPicture, unpackPicture } from '../../client/src/graph/pictureWire';
import { buildPicture, type GraphPicture, type PictureRevision } from '../../server/src/report/graphPicture';

const rev = (id: string, downRevisions: string[], extra: Partial<PictureRevision> = {}): PictureRevision => ({
  id,
  downRevisions,
  head: false,
  base: downRevisions.length === 0,
  file: `/p/versions/${id}.py`,
  line: 4,
  ...extra,
});

const withoutFiles = (picture: GraphPicture): GraphPicture => ({
  ...picture,
  nodes: picture.nodes.map((node) => {
    const copy = { ...node };
    delete copy.file;
    delete copy.line;
    return copy;
  }),
});

describe('graph picture on the wire', () => {
  it('unpacks to the picture without files and lines: ghosts, cycles, depends_on, branches, findings, database-only rows', () => {
    const picture = buildPicture(
      'app',
      [
        rev('base0000000001', [], { state: 'applied', message: 'create "users" & <roles>' }),
        rev('left', ['base0000000001'], { state: 'current', head: true, branches: ['shop'], errors: 2, warnings: 1 }),
        rev('right', ['base0000000001'], { state: 'pending', head: true, dependsOn: ['left'] }),
        rev('orphan', ['missing'], { message: 'names a parent no file defines' }),
        rev('c1', ['c2']),
        rev('c2', ['c1']),
      ],
      ['stray'],
    );
    // Every kind is there, so the round trip covers each field.
    assert.ok(picture.nodes.some((n) => n.ghost) && picture.nodes.some((n) => n.cycle) && picture.nodes.some((n) => n.outlined));
    assert.ok(picture.nodes.some((n) => n.state === 'dbOnly') && picture.nodes.some((n) => n.tags.length) && picture.nodes.some((n) => n.notes.length));
    assert.ok(picture.nodes.some((n) => n.short !== n.id)); // a 14-character id shortened
    assert.ok(picture.edges.some((e) => e.kind === 'dependsOn') && picture.edges.some((e) => e.dangling) && picture.edges.some((e) => e.cycle));
    assert.ok(picture.edges.some((e) => e.note));
    const packed = packPicture(picture);
    const travelled = JSON.parse(JSON.stringify(packed)) as typeof packed;
    assert.deepEqual(unpackPicture(travelled), withoutFiles(picture));
    assert.doesNotMatch(JSON.stringify(packed), /\/p\/versions/);
  });

  it('a long history travels in about a third of the bytes', () => {
    const revisions: PictureRevision[] = [];
    for (let i = 0; i < 2000; i++) {
      const id = i.toString(16).padStart(12, '0');
      const parent = i === 0 ? [] : [(i % 50 === 0 && i > 100 ? i - 30 : i - 1).toString(16).padStart(12, '0')];
      revisions.push(rev(id, parent, { message: `revision ${i} changes a table`, state: i < 1500 ? 'applied' : 'pending' }));
    }
    const picture = buildPicture('app', revisions);
    const full = JSON.stringify(withoutFiles(picture)).length;
    const packed = JSON.stringify(packPicture(picture)).length;
    assert.ok(packed < full * 0.45, `packed ${packed} bytes, full ${full}`);
    assert.deepEqual(unpackPicture(JSON.parse(JSON.stringify(packPicture(picture)))), withoutFiles(picture));
  });
});
