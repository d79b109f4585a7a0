import type { VisibilityReport } from './protocol';

/** Whether the trader can see this page now, as the view port says it (protocol.ts VisibilityReport). */
export function visibilityReport(doc: Document): VisibilityReport {
  return { type: 'view.visibility', visible: doc.visibilityState === 'visible' };
}

/**
 * Tell `post` at once and at every change whether this page is on screen (its tab switched away, the
 * window minimized, the screen locked). Returns the function that stops it.
 */
export function reportVisibility(
  post: (report: VisibilityReport) => void,
  doc: Document | undefined = globalThis.document,
): () => void {
  if (!doc) return () => {};
  const send = () => {
    try {
      post(visibilityReport(doc));
    } catch {
      // The port closed meanwhile: the reconnect reports again.
    }
  };
  doc.addEventListener('visibilitychange', send);
  send();
  return () => doc.removeEventListener('visibilitychange', send);
}
