/**
 * Japan Standard Time calendar arithmetic. Japan has no daylight saving time, so a JST day is
 * exactly [15:00 UTC of the previous UTC day, 15:00 UTC). Dates are handled as day numbers since
 * 1970-01-01 (civil calendar, Hinnant's algorithm), never through the host's time zone.
 */
const DAY_MS = 86_400_000;
const JST_OFFSET_MS = 9 * 3_600_000;

/** The JST calendar day (days since 1970-01-01 in JST) an instant falls on. */
export function jstDayNumber(instantMs: number): number {
  return Math.floor((instantMs + JST_OFFSET_MS) / DAY_MS);
}

/** YYYY-MM-DD of a day number. */
export function dayNumberToDate(dayNumber: number): string {
  const z = dayNumber + 719_468;
  const era = Math.floor(z / 146_097);
  const dayOfEra = z - era * 146_097;
  const yearOfEra = Math.floor(
    (dayOfEra -
      Math.floor(dayOfEra / 1460) +
      Math.floor(dayOfEra / 36_524) -
      Math.floor(dayOfEra / 146_096)) /
      365,
  );
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  const year = yearOfEra + era * 400 + (month <= 2 ? 1 : 0);
  const pad = (n: number, w: number) => String(n).padStart(w, '0');
  return `${year < 0 ? '-' : ''}${pad(Math.abs(year), 4)}-${pad(month, 2)}-${pad(day, 2)}`;
}

/** Day number of a YYYY-MM-DD date; throws on anything that is not a real calendar date. */
export function dateToDayNumber(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (!match) throw new RangeError(`not a YYYY-MM-DD date: ${date}`);
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const mp = month > 2 ? month - 3 : month + 9;
  const dayOfYear = Math.floor((153 * mp + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  const n = era * 146_097 + dayOfEra - 719_468;
  if (month < 1 || month > 12 || dayNumberToDate(n) !== date) throw new RangeError(`no such date: ${date}`);
  return n;
}

/** The JST calendar date of an instant. */
export function jstDate(instant: Date | number): string {
  return dayNumberToDate(jstDayNumber(typeof instant === 'number' ? instant : instant.getTime()));
}

/** The instant a JST date ends (the next JST midnight), as ISO-8601 UTC. */
export function jstEndOfDay(date: string): string {
  return new Date((dateToDayNumber(date) + 1) * DAY_MS - JST_OFFSET_MS).toISOString();
}

export function addDays(date: string, days: number): string {
  return dayNumberToDate(dateToDayNumber(date) + days);
}

/** Whole JST days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return dateToDayNumber(to) - dateToDayNumber(from);
}

/**
 * The JST date by which a preservation request must go out for an event at `eventAt` whose log is
 * kept `retentionDays`: logs are purged by calendar day, so the event's own JST day counts as day 0
 * and the last safe day is `retention − margin` days later.
 */
export function preservationDeadline(
  eventAt: Date | number,
  retentionDays: number,
  marginDays: number,
): string {
  const eventMs = typeof eventAt === 'number' ? eventAt : eventAt.getTime();
  return dayNumberToDate(jstDayNumber(eventMs) + retentionDays - marginDays);
}
