// Our revision dates against Python's datetime on this machine: Alembic dates a new revision with
// datetime.now() (local, naive) or, with `timezone` in the ini, the UTC time moved into that zone
// (alembic/script/base.py _generate_create_date), and writes str(datetime) into `Create Date:`.
import * as assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { formatCreateDate, revisionTimestamp } from '../../server/src/engine/revisionTimestamp';
import { PYTHON } from './helpers';

const INSTANTS = [
  Date.UTC(2024, 0, 15, 23, 30, 45, 123),
  Date.UTC(2024, 2, 31, 0, 59, 59, 999),
  Date.UTC(2024, 2, 31, 1, 0, 0, 0),
  Date.UTC(2024, 9, 27, 0, 30, 0, 500),
  Date.UTC(2031, 6, 1, 10, 0, 0, 0),
];
const ZONES = ['UTC', 'Europe/Berlin', 'America/New_York', 'Asia/Kolkata', 'Australia/Lord_Howe', 'America/St_Johns', 'Pacific/Chatham'];

/** str(datetime) as Python prints it for each (instant in ms, zone or '' for local). */
function pythonDates(cases: [number, string][], env: NodeJS.ProcessEnv = process.env): string[] {
  const script = [
    'import sys, json, datetime',
    'from zoneinfo import ZoneInfo',
    'for ms, zone in json.load(sys.stdin):',
    '    seconds, millis = divmod(ms, 1000)',
    '    at = datetime.datetime.fromtimestamp(seconds, ZoneInfo(zone)) if zone else datetime.datetime.fromtimestamp(seconds)',
    '    print(at + datetime.timedelta(milliseconds=millis))',
  ].join('\n');
  const run = spawnSync(PYTHON, ['-c', script], { input: JSON.stringify(cases), encoding: 'utf8', env });
  assert.equal(run.status, 0, run.stderr);
  return run.stdout.trim().split('\n');
}

describe('integration: revision dates as Python (and so Alembic) writes them', () => {
  it('with a timezone: the same wall clock and offset as zoneinfo, across DST changes and odd offsets', () => {
    const cases: [number, string][] = INSTANTS.flatMap((ms) => ZONES.map((zone): [number, string] => [ms, zone]));
    const expected = pythonDates(cases);
    const ours = cases.map(([ms, zone]) => formatCreateDate(revisionTimestamp(new Date(ms), zone)));
    assert.deepEqual(ours, expected);
  });

  it('without one: the local wall clock of the process, naive', () => {
    const previous = process.env.TZ;
    try {
      for (const zone of ['America/New_York', 'Asia/Kathmandu']) {
        process.env.TZ = zone; // Node re-reads TZ when it is set
        const cases = INSTANTS.map((ms): [number, string] => [ms, '']);
        const expected = pythonDates(cases, { ...process.env, TZ: zone });
        assert.deepEqual(
          cases.map(([ms]) => formatCreateDate(revisionTimestamp(new Date(ms), undefined))),
          expected,
          zone,
        );
      }
    } finally {
      if (previous === undefined) delete process.env.TZ;
      else process.env.TZ = previous;
    }
  });
});
