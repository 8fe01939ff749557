// New revisions are dated as Alembic dates them: local time, or the ini's `timezone` with its offset.
// (test/integration/revisionTimestamp.test.ts compares with Python's own datetime on this machine.)
import * as assert from 'node:assert/strict';
import { formatCreateDate, revisionTimestamp } from '../../server/src/engine/revisionTimestamp';
import { renderFileName } from '../../server/src/engine/fileTemplate';

const WINTER = new Date(Date.UTC(2024, 0, 15, 23, 30, 45, 123)); // 2024-01-15 23:30:45.123 UTC
const SUMMER = new Date(Date.UTC(2024, 6, 1, 10, 0, 0, 0));

describe('revision timestamps', () => {
  it('a configured timezone gives its wall clock and offset, in any case', () => {
    const berlin = revisionTimestamp(WINTER, 'Europe/Berlin');
    assert.deepEqual(
      { ...berlin },
      {
        year: 2024,
        month: 1,
        day: 16,
        hour: 0,
        minute: 30,
        second: 45,
        microsecond: 123_000,
        epoch: Math.floor(WINTER.getTime() / 1000),
        utcOffsetMinutes: 60,
      },
    );
    assert.equal(formatCreateDate(berlin), '2024-01-16 00:30:45.123000+01:00');
    assert.equal(formatCreateDate(revisionTimestamp(SUMMER, 'europe/berlin')), '2024-07-01 12:00:00+02:00');
    assert.equal(formatCreateDate(revisionTimestamp(SUMMER, 'America/St_Johns')), '2024-07-01 07:30:00-02:30');
    assert.equal(formatCreateDate(revisionTimestamp(SUMMER, 'UTC')), '2024-07-01 10:00:00+00:00');
  });

  it("an unknown timezone fails with Alembic's message", () => {
    assert.throws(() => revisionTimestamp(WINTER, 'Mars/Olympus_Mons'), /Can't locate timezone: Mars\/Olympus_Mons/);
  });

  it('no timezone: the local wall clock, naive (no offset printed)', () => {
    const local = revisionTimestamp(WINTER, undefined);
    assert.deepEqual(
      [local.year, local.month, local.day, local.hour, local.minute, local.second],
      [WINTER.getFullYear(), WINTER.getMonth() + 1, WINTER.getDate(), WINTER.getHours(), WINTER.getMinutes(), WINTER.getSeconds()],
    );
    assert.equal(local.utcOffsetMinutes, undefined);
    assert.doesNotMatch(formatCreateDate(local), /[+-]\d\d:\d\d$/);
  });

  it('file names take the same wall clock; epoch stays the instant', () => {
    const tokyo = revisionTimestamp(WINTER, 'Asia/Tokyo');
    assert.equal(
      renderFileName('%(year)d_%(month).2d_%(day).2d_%(hour).2d%(minute).2d-%(rev)s', { rev: 'abc', slug: '', date: tokyo }),
      '2024_01_16_0830-abc.py',
    );
    assert.equal(renderFileName('%(epoch)s_%(rev)s', { rev: 'abc', slug: '', date: tokyo }), `${Math.floor(WINTER.getTime() / 1000)}_abc.py`);
  });
});
