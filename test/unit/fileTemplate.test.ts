import * as assert from 'node:assert/strict';
import { checkFileName, dateFromFileName, parseCreateDate, renderFileName, slugify } from '../../server/src/engine/fileTemplate';

describe('file_template', () => {
  it('renders names the way Alembic does', () => {
    const date = parseCreateDate('2024-03-05 07:08:09.123456');
    assert.equal(renderFileName('%(rev)s_%(slug)s', { rev: 'ae1027a6acf', slug: 'add_users' }), 'ae1027a6acf_add_users.py');
    assert.equal(renderFileName('%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s', { rev: 'abc', slug: 's', date }), '2024_03_05_0708-abc_s.py');
    assert.equal(renderFileName('%(epoch)s_%(rev)s', { rev: 'abc', slug: '', date: new Date(86_400_000) }), '86400_abc.py');
    assert.equal(renderFileName('v%%_%(rev)s', { rev: 'abc', slug: '' }), 'v%_abc.py');
    assert.equal(renderFileName('%(year)04d%(month)02d', { rev: '', slug: '', date }), '202403.py');
  });

  it('slugs like Alembic: words joined by _, lower case, cut at a word boundary', () => {
    assert.equal(slugify('Add users table!', 40), 'add_users_table');
    assert.equal(slugify('Add a very long message that goes over the limit', 20), 'add_a_very_long_');
    assert.equal(slugify(undefined, 40), '');
  });

  it('matches names, tells a wrong revision from a wrong shape', () => {
    assert.deepEqual(checkFileName('%(rev)s_%(slug)s', 'ae1027a6acf_add_users.py', 'ae1027a6acf'), { kind: 'match' });
    assert.deepEqual(checkFileName('%(rev)s_%(slug)s', 'ffff_add_users.py', 'ae1027a6acf'), { kind: 'revision-mismatch', revInName: 'ffff' });
    assert.deepEqual(checkFileName('%(rev)s_%(slug)s', 'rev_with_underscores_slug.py', 'rev_with_underscores'), { kind: 'match' });
    const dated = '%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s';
    assert.deepEqual(checkFileName(dated, '2024_03_05_0708-abc_add.py', 'abc'), { kind: 'match' });
    assert.deepEqual(checkFileName(dated, 'abc_add.py', 'abc'), { kind: 'no-match' });
    assert.deepEqual(checkFileName(dated, '2024_03_05_0708-zzz_add.py', 'abc'), { kind: 'revision-mismatch', revInName: 'zzz' });
  });

  it('reads dates back from names and Create Date headers', () => {
    const dated = '%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s';
    assert.equal(dateFromFileName(dated, '2024_03_05_0708-abc_add.py')?.toISOString(), '2024-03-05T07:08:00.000Z');
    assert.equal(dateFromFileName('%(rev)s_%(slug)s', 'abc_add.py'), undefined);
    assert.equal(parseCreateDate('2024-03-05 07:08:09.5+02:00')?.toISOString(), '2024-03-05T05:08:09.500Z');
    assert.equal(parseCreateDate('yesterday'), undefined);
  });
});
