import { useEffect, useRef, useState } from 'preact/hooks';
import { RequestPreview } from '@/components/confirm-dialog';
import { ModeMark } from '@/components/mode-mark';
import { orderCall } from '@/lib/api/order-call';
import type { OrderReply, WindowOrderView } from '@/lib/messaging/protocol';
import type { ask as askBackground } from '@/lib/messaging/send';
import { words } from '@/lib/words';

/**
 * The extension's own confirmation window for one Live order from the chart panel. No web page can
 * frame, cover or click into it: a click here is the trader's. Confirm is armed only after the window
 * has been shown a moment (the second click of a double click on the chart cannot land on it), and
 * the keyboard starts on Cancel.
 */

/** Confirm ignores clicks this long after the window showed its order. */
export const WINDOW_ARM_MS = 600;

export interface ConfirmWindowProps {
  id: string;
  ask: typeof askBackground;
  now: () => number;
  close: () => void;
}

type Phase =
  | { kind: 'loading' }
  | { kind: 'gone' }
  | { kind: 'open'; view: WindowOrderView; shownAt: number }
  | { kind: 'sending'; view: WindowOrderView }
  | { kind: 'done'; reply: OrderReply | null; message: string };

export const GONE = words('confirmWindowGone');

function replyWords(reply: OrderReply): string {
  switch (reply.status) {
    case 'placed':
      return words('confirmWindowSent', reply.requestId);
    case 'refused':
      return words('confirmWindowRefused', reply.message);
    case 'unknown':
      return reply.message;
    case 'held':
      return reply.message;
  }
}

export function ConfirmWindow({ id, ask, now, close }: ConfirmWindowProps) {
  const [phase, setPhase] = useState<Phase>({ kind: 'loading' });
  const [clock, setClock] = useState(now());
  const cancelRef = useRef<HTMLButtonElement>(null);

  useEffect(() => {
    ask({ type: 'confirm.get', id }).then(
      (view) => setPhase(view === null ? { kind: 'gone' } : { kind: 'open', view, shownAt: now() }),
      () => setPhase({ kind: 'gone' }),
    );
  }, [ask, id, now]);
  useEffect(() => {
    const timer = setInterval(() => setClock(now()), 250);
    return () => clearInterval(timer);
  }, [now]);
  useEffect(() => {
    if (phase.kind === 'open') cancelRef.current?.focus();
  }, [phase.kind]);

  const decide = (confirm: boolean, event: Event): void => {
    if (phase.kind !== 'open' || !event.isTrusted) return;
    if (confirm && now() - phase.shownAt < WINDOW_ARM_MS) return;
    const { view } = phase;
    setPhase({ kind: 'sending', view });
    ask({ type: 'confirm.decide', id, confirm }).then(
      (reply) => setPhase({ kind: 'done', reply, message: replyWords(reply) }),
      (error: unknown) => setPhase({ kind: 'done', reply: null, message: String(error) }),
    );
  };

  if (phase.kind === 'loading') return <p class="ct-muted confirm-wait">{words('confirmWindowLoading')}</p>;
  if (phase.kind === 'gone' || (phase.kind === 'open' && clock > phase.view.expiresAt)) {
    return (
      <main class="confirm-window">
        <p data-testid="confirm-gone">{GONE}</p>
        <button type="button" class="ct-btn" onClick={close}>
          {words('close')}
        </button>
      </main>
    );
  }
  if (phase.kind === 'done') {
    return (
      <main class="confirm-window">
        <p data-testid="confirm-result">{phase.message}</p>
        <button type="button" class="ct-btn" onClick={close}>
          {words('close')}
        </button>
      </main>
    );
  }
  const { view } = phase;
  const armed = phase.kind === 'open' && clock - phase.shownAt >= WINDOW_ARM_MS;
  const left = Math.max(0, Math.ceil((view.expiresAt - clock) / 1000));
  return (
    <main class={`confirm-window ct-dialog ct-dialog--${view.mode}`} aria-labelledby="confirm-title">
      <h1 class="ct-dialog__title" id="confirm-title">
        <ModeMark mode={view.mode} /> {words('confirmWindowTitle')}
      </h1>
      <p class="ct-dialog__note" data-testid="confirm-note">
        {view.note}
      </p>
      <dl class="ct-dialog__rows">
        {view.rows.map((row) => (
          <div class="ct-dialog__row" key={`${row.label}:${row.value}`}>
            <dt>{row.label}</dt>
            <dd>{row.value}</dd>
          </div>
        ))}
      </dl>
      <RequestPreview call={orderCall(view.order)} />
      <p class="ct-muted" data-testid="confirm-countdown">
        {words('confirmWindowCountdown', left)}
      </p>
      <div class="ct-dialog__actions">
        <button
          type="button"
          class="ct-btn"
          ref={cancelRef}
          disabled={phase.kind !== 'open'}
          onClick={(event) => decide(false, event)}
        >
          {words('cancel')}
        </button>
        <button
          type="button"
          class={`ct-btn ct-btn--primary ${view.mode === 'live' ? 'ct-btn--live' : ''}`}
          disabled={!armed}
          onClick={(event) => decide(true, event)}
        >
          {words(phase.kind === 'sending' ? 'sending' : 'confirm')}
        </button>
      </div>
    </main>
  );
}
