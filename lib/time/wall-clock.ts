// One formatter per zone, kept: building an Intl.DateTimeFormat with a zone costs far more than
// using one, and a trade list sorted by entry time asks for the same zone hundreds of times (the
// popup's first draw spent 15-20 ms on it). Only zones the runtime accepted are kept, so the map is
// bounded by the zones the runtime knows; an unknown one throws each time, as before.
const byZone = new Map<string, Intl.DateTimeFormat>();

function zoneFormat(timeZone: string): Intl.DateTimeFormat {
  let f = byZone.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    byZone.set(timeZone, f);
  }
  return f;
}

/**
 * The wall-clock fields of an instant in an IANA zone, by the platform's own rules (DST included):
 * [year, month 1–12, day, hour 0–23, minute, second]. Throws for a zone the runtime does not know.
 */
export function wallClock(ms: number, timeZone: string): [number, number, number, number, number, number] {
  const parts = zoneFormat(timeZone).formatToParts(ms);
  const get = (type: Intl.DateTimeFormatPartTypes) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  return [get('year'), get('month'), get('day'), get('hour'), get('minute'), get('second')];
}
