/**
 * A trading window that excludes the browser's own now (the extension reads the browser's clock,
 * which a test cannot set): 30 minutes starting two hours from now in New York, or ending two hours
 * before it late in the day. Every day counts, so weekends and holidays do not change the outcome.
 */
export function windowExcludingNow(at = Date.now()) {
  const parts = new Intl.DateTimeFormat('en-US', {
    timeZone: 'America/New_York',
    hourCycle: 'h23',
    hour: 'numeric',
    minute: 'numeric',
  }).formatToParts(at);
  const get = (type: string) => Number(parts.find((p) => p.type === type)?.value ?? 0);
  const minutes = get('hour') * 60 + get('minute');
  const [hoursStart, hoursEnd] =
    minutes + 150 < 1440 ? [minutes + 120, minutes + 150] : [minutes - 150, minutes - 120];
  return { hoursOn: true, tradingDaysOnly: false, hoursStart, hoursEnd, cutoffMinutes: null };
}
