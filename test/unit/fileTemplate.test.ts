import * as assert from 'node:assert/strict';
import { checkFileName, dateFromFileName, parseCreateDate, parseTemplate, renderFileName, slugify } from '../../server/src/engine/fileTemplate';

describe('file_template', () => {
  it('renders names the way Alembic does', () => {
    const date = parseCreateDate('2024-03-05 07:08:09.123456');
    assert.equal(renderFileName('%(rev)s_%(slug)s', { rev: 'ae1027a6acf', slug: 'add_users' }), 'ae1027a6acf_add_users.py');
    assert.equal(
      renderFileName('%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s', { rev: 'abc', slug: 's', date }),
      '2024_03_05_0708-abc_s.py',
    );
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

  it('property: the cached matcher answers as one regex per name did', () => {
    // The straightforward matcher checkFileName replaced: a regex per (template, revision).
    const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const regex = (template: string, rev: string | undefined) => {
      let pattern = '';
      let revGroups = 0;
      for (const part of parseTemplate(template)) {
        if (typeof part === 'string') pattern += escape(part);
        else if (part.key === 'rev') pattern += rev !== undefined ? escape(rev) : revGroups++ === 0 ? '(?<rev>.+?)' : '.+?';
        else if (part.key === 'slug') pattern += '\\w*?';
        else if (part.type === 's' || part.type === 'r') pattern += '.*?';
        else {
          const fixed = part.precision ?? (part.flags.includes('0') ? part.width : undefined);
          pattern += ` *[-+]?${fixed ? `\\d{${fixed},}?` : '\\d+?'} *`;
        }
      }
      return new RegExp(`^${pattern}\\.py$`, 'u');
    };
    const reference = (template: string, name: string, rev: string) => {
      if (regex(template, rev).test(name)) return { kind: 'match' };
      if (!parseTemplate(template).some((part) => typeof part !== 'string' && part.key === 'rev')) return { kind: 'no-match' };
      const generic = regex(template, undefined).exec(name);
      return generic?.groups?.rev !== undefined ? { kind: 'revision-mismatch', revInName: generic.groups.rev } : { kind: 'no-match' };
    };
    let seed = 7;
    const next = () => (seed = (seed * 1103515245 + 12345) % 2147483648) / 2147483648;
    const pick = <T>(items: T[]): T => items[Math.floor(next() * items.length)];
    const templates = [
      '%(rev)s_%(slug)s',
      '%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s_%(slug)s',
      '%(epoch)s_%(rev)s',
      '%(slug)s-%(rev)s',
      'x%(rev)sx%(rev)s',
      '%(slug)s',
      '%(rev)s',
    ];
    const revisions = ['abc123', 'a', 'ab_ab', '1a2b', 'aa'];
    const kinds: Record<string, number> = { match: 0, 'revision-mismatch': 0, 'no-match': 0 };
    for (let i = 0; i < 3000; i++) {
      const template = pick(templates);
      const rev = pick(revisions);
      const name = `${Array.from({ length: Math.floor(next() * 6) }, () => pick(['abc123', 'a', '_', '-', '2024', '01', 'x', 'b', 'ab', ' ', '1'])).join('')}${pick(['.py', '.py', 'py', '.pyc'])}`;
      const expected = reference(template, name, rev);
      kinds[expected.kind]++;
      assert.deepEqual(checkFileName(template, name, rev), expected, `${template} ${name} ${rev}`);
    }
    assert.ok(kinds.match > 100 && kinds['revision-mismatch'] > 100 && kinds['no-match'] > 100, JSON.stringify(kinds));
  });
});
