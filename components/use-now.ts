import { useEffect, useState } from 'preact/hooks';

/**
 * The current time, re-read every `everyMs`, so ages and countdowns move on their own.
 * Pass `active: false` to stop ticking when nothing on screen depends on it.
 */
export function useNow(everyMs = 1000, active = true): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    if (!active) return;
    setNow(Date.now());
    const timer = setInterval(() => setNow(Date.now()), everyMs);
    return () => clearInterval(timer);
  }, [everyMs, active]);
  return now;
}
