// The moment a new revision is dated with, as Alembic dates it (alembic/script/base.py
// _generate_create_date): local wall-clock time, or, when the ini sets `timezone`, the wall clock
// of that zone with its UTC offset. Both the file name's date tokens and the `Create Date:` header
// come from it. Pure: the instant and the zone are inputs (Intl does the zone arithmetic).

export interface RevisionTimestamp {
  year: number;
  month: number;
  day: number;
  hour: number;
  minute: number;
  second: number;
  microsecond: number;
  /** Seconds since 1970 of the instant itself (the `%(epoch)s` token). */
  epoch: number;
  /** Set when a `timezone` was configured: Alembic's date is then timezone-aware and prints its offset. */
  utcOffsetMinutes?: number;
}

/** `instant` on the wall clock of `timeZone` (an IANA name, any case), else of the local zone. */
export function revisionTimestamp(instant: Date, timeZone: string | undefined): RevisionTimestamp {
  const ms = instant.getTime();
  const epoch = Math.floor(ms / 1000);
  const microsecond = (((ms % 1000) + 1000) % 1000) * 1000;
  if (timeZone === undefined || timeZone.trim() === '') {
    return {
      year: instant.getFullYear(),
      month: instant.getMonth() + 1,
      day: instant.getDate(),
      hour: instant.getHours(),
      minute: instant.getMinutes(),
      second: instant.getSeconds(),
      microsecond,
      epoch,
    };
  }
  let format: Intl.DateTimeFormat;
  try {
    format = new Intl.DateTimeFormat('en-US', {
      timeZone: timeZone.trim(),
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
  } catch {
    // Alembic's own words for it.
    throw new Error(`Can't locate timezone: ${timeZone}`);
  }
  const fields: Record<string, number> = {};
  for (const part of format.formatToParts(instant)) if (part.type !== 'literal') fields[part.type] = Number(part.value);
  const wall = { year: fields.year, month: fields.month, day: fields.day, hour: fields.hour, minute: fields.minute, second: fields.second };
  const wallAsUtc = Date.UTC(wall.year, wall.month - 1, wall.day, wall.hour, wall.minute, wall.second);
  const utcOffsetMinutes = Math.round((wallAsUtc - epoch * 1000) / 60_000);
  return { ...wall, microsecond, epoch, utcOffsetMinutes };
}

const two = (n: number) => String(n).padStart(2, '0');

/** Python's str(datetime): `2024-01-15 10:00:00.123000`, no fraction when it is zero, `+01:00` when aware. */
export function formatCreateDate(stamp: RevisionTimestamp): string {
  const fraction = stamp.microsecond ? `.${String(stamp.microsecond).padStart(6, '0')}` : '';
  let offset = '';
  if (stamp.utcOffsetMinutes !== undefined) {
    const sign = stamp.utcOffsetMinutes < 0 ? '-' : '+';
    const minutes = Math.abs(stamp.utcOffsetMinutes);
    offset = `${sign}${two(Math.floor(minutes / 60))}:${two(minutes % 60)}`;
  }
  return `${String(stamp.year).padStart(4, '0')}-${two(stamp.month)}-${two(stamp.day)} ${two(stamp.hour)}:${two(stamp.minute)}:${two(stamp.second)}${fraction}${offset}`;
}
