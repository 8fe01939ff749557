// The picture model (server/src/report/graphPicture.ts) and its SVG (graphSvg.ts), in Node: states,
// findings, escaping; and the XML check the SVG tests rely on rejects what is not well-formed.
import * as assert from 'node:assert/strict';
import { buildPicture, type PictureRevision } from '../../server/src/report/graphPicture';
import { renderGraphSvg } from '../../server/src/report/graphSvg';
import { allElements, parseXml, textOf } from './xmlCheck';

const rev = (id: string, downRevisions: string[], extra: Partial<PictureRevision> = {}): PictureRevision => ({
  id,
  downRevisions,
  head: false,
  base: downRevisions.length === 0,
  ...extra,
});

describe('graph picture and SVG', () => {
  it('the XML check rejects what is not well-formed', () => {
    assert.doesNotThrow(() => parseXml('<a x="1"><b/>t &amp; <c y=\'2\'>u</c></a>'));
    for (const bad of ['<a><b></a>', '<a x=1/>', '<a>&nbsp;</a>', '<a>x < y</a>', '<a/><b/>', '<a x="1" x="2"/>', '<a>']) {
      assert.throws(() => parseXml(bad), /not well-formed/, bad);
    }
  });

  it('carries the database state, outlines several heads and escapes text', () => {
    const picture = buildPicture(
      'alembic.ini',
      [
        rev('base', [], { state: 'applied', message: 'create <users> & "roles"' }),
        rev('left', ['base'], { state: 'current', head: true }),
        rev('right', ['base'], { state: 'pending', head: true, branches: ['shop'] }),
      ],
      ['stray'],
    );
    const byId = new Map(picture.nodes.map((n) => [n.id, n]));
    assert.equal(byId.get('left')!.outlined, true);
    assert.equal(byId.get('right')!.outlined, true);
    assert.equal(byId.get('base')!.outlined, false);
    assert.match(byId.get('left')!.notes.join('\n'), /One of 2 heads/);
    assert.deepEqual(byId.get('right')!.tags, ['shop', 'head']);
    assert.equal(byId.get('stray')!.state, 'dbOnly');

    const root = parseXml(renderGraphSvg([picture]));
    const groups = new Map(
      allElements(root)
        .filter((e) => e.attributes['data-id'])
        .map((e) => [e.attributes['data-id'], e]),
    );
    assert.equal(groups.get('base')!.attributes['data-state'], 'applied');
    assert.equal(groups.get('left')!.attributes['data-state'], 'current');
    assert.equal(groups.get('right')!.attributes['data-state'], 'pending');
    assert.equal(groups.get('stray')!.attributes['data-state'], 'dbOnly');
    const circle = (id: string) => groups.get(id)!.children.find((e) => e.name === 'circle')!;
    assert.match(circle('right').attributes.class, /\bstate-pending\b/);
    assert.match(circle('left').attributes.class, /\boutlined\b/);
    const baseText = groups.get('base')!.children.find((e) => e.name === 'text')!;
    assert.equal(textOf(baseText).trim(), 'base create <users> & "roles" [base]');
  });
});
