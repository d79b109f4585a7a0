import { canStreamRequestBodies } from '@/lib/api/client';

/**
 * When to send order bodies as a stream (lib/api/client.ts `streamOrderBody`): in a browser that
 * can (Chromium; never Firefox, which would send the text of the stream object), and only when the
 * last request to the API went over HTTP/2 or 3, as its resource timing says: over HTTP/1.1 a
 * streamed upload is refused outright. Chromium resends a POST whose reused connection fails before
 * any answer; a stream it cannot resend, so that order comes back "outcome unknown" instead of twice.
 */
export function createStreamPolicy(opts: {
  origin: string;
  firefox: boolean;
  performance?: Pick<Performance, 'getEntriesByType' | 'clearResourceTimings'>;
  canStream?: () => boolean;
}): () => boolean {
  const able = !opts.firefox && (opts.canStream ?? canStreamRequestBodies)();
  const perf = opts.performance ?? globalThis.performance;
  let lastProtocol = '';
  return () => {
    if (!able || !perf) return false;
    const entries = perf.getEntriesByType('resource') as PerformanceResourceTiming[];
    for (const entry of entries) {
      if (entry.name.startsWith(`${opts.origin}/`) && entry.nextHopProtocol)
        lastProtocol = entry.nextHopProtocol;
    }
    // The buffer stops recording when full (250 entries): what was learned is kept here instead.
    if (entries.length > 100) perf.clearResourceTimings();
    return lastProtocol === 'h2' || lastProtocol.startsWith('h3');
  };
}
