// One formatter per zone, kept: building an Intl.DateTimeFormat with a zone costs far more than
// using one, and a trade list sorted by entry time asks for the same zone hundreds of times (the
// popup's first draw spent 15-20 ms on it). Only zones the runtime accepted are kept (an unknown one
// throws each time, as before), and at most KEPT_ZONES of them: a zone's name may be written in any
// case, so the names the runtime accepts are not few.
const byZone = new Map<string, Intl.DateTimeFormat>();
const KEPT_ZONES = 32;

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
    if (byZone.size >= KEPT_ZONES) byZone.clear();
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
