// MDS3 dates: `nextUpdate` and `effectiveDate` are ISO-8601 calendar dates (YYYY-MM-DD, MDS3 §3.1.3, §3.1.6),
// days of UTC. A date holds from its first millisecond to its last.
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** The first millisecond (UTC) of a YYYY-MM-DD date, or undefined when the text is not such a date. */
export function dayStart(text: string): number | undefined {
  const m = DATE.exec(text);
  if (!m) return undefined;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  // a date that does not exist (2025-02-30) rolls over: refuse it
  if (back.getUTCFullYear() !== y || back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d)
    return undefined;
  return t;
}

const DAY_MS = 86_400_000;

/** True when `now` is after the whole day `date` (UTC): at or past the next day's first millisecond (and when
 * `date` is not a date at all: fail closed). */
export function isAfterDay(date: string, now: Date): boolean {
  const start = dayStart(date);
  return start === undefined || !(now.getTime() < start + DAY_MS);
}
