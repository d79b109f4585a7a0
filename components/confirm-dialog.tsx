import { useEffect, useId, useRef } from 'preact/hooks';
import { orderCall } from '../lib/api/order-call';
import type { OrderCall } from '../lib/api/types';
import type { Mode } from '../lib/messaging/protocol';
import { words } from '../lib/words';
import type { OrderSender } from './order-sender';
import { type OrderContext, summarizeOrder } from './order-summary';
import './theme.css';
import './confirm-dialog.css';

/** The URL as a trader may see it: the secret is never on screen, not even in a view. */
export const API_URL_SHOWN = 'https://app.optionsautotrader.com/webhook/{secret}/';

export interface ConfirmDialogProps {
  title: string;
  mode: Mode;
  rows: readonly { label: string; value: string }[];
  /** The exact request; its body is shown byte for byte as it will be sent. */
  call: OrderCall | null;
  /** Why the background asked again, e.g. "the same order was sent seconds ago". */
  note?: string | null;
  onConfirm: () => void;
  onCancel: () => void;
}

/** The request line and body exactly as they will go out, e.g. for the leg builder's preview. */
export function RequestPreview({ call }: { call: OrderCall }) {
  return (
    <div class="ct-request" data-testid="request-preview">
      <code class="ct-mono ct-request__line">
        {call.method} {API_URL_SHOWN}
        {call.path}
      </code>
      {call.body === undefined ? (
        <span class="ct-muted ct-request__nobody">{words('requestNoBody')}</span>
      ) : (
        <pre class="ct-mono ct-request__body" data-testid="request-body">
          {JSON.stringify(call.body, null, 2)}
        </pre>
      )}
    </div>
  );
}

/**
 * The last look before money moves: mode, what the order does, and the exact request.
 * Escape or Cancel backs out; nothing is sent until Confirm.
 */
export function ConfirmDialog({ title, mode, rows, call, note, onConfirm, onCancel }: ConfirmDialogProps) {
  const titleId = useId();
  const confirmRef = useRef<HTMLButtonElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  const onKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      onCancel();
    } else if (event.key === 'Tab') {
      // Keep the keyboard inside the dialog: the only two things to do here are the two buttons.
      event.preventDefault();
      const next = document.activeElement === confirmRef.current ? cancelRef.current : confirmRef.current;
      next?.focus();
    }
  };
  return (
    <div class="ct-dialog-backdrop">
      <div
        class={`ct-dialog ct-dialog--${mode}`}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        onKeyDown={onKeyDown}
      >
        <h2 class="ct-dialog__title" id={titleId}>
          <span class={`ct-dialog__mode ct-dialog__mode--${mode}`}>
            {words(mode === 'live' ? 'modeLiveMark' : 'modePaperMark')}
          </span>{' '}
          {title}
        </h2>
        {note ? <p class="ct-dialog__note">{note}</p> : null}
        <dl class="ct-dialog__rows">
          {rows.map((row) => (
            <div class="ct-dialog__row" key={`${row.label}:${row.value}`}>
              <dt>{row.label}</dt>
              <dd>{row.value}</dd>
            </div>
          ))}
        </dl>
        {call ? <RequestPreview call={call} /> : null}
        <div class="ct-dialog__actions">
          <button type="button" class="ct-btn" ref={cancelRef} onClick={onCancel}>
            {words('cancel')}
          </button>
          <button
            type="button"
            class={`ct-btn ct-btn--primary ${mode === 'live' ? 'ct-btn--live' : ''}`}
            ref={confirmRef}
            onClick={onConfirm}
          >
            {words('confirm')}
          </button>
        </div>
      </div>
    </div>
  );
}

const NOTE_BY_REASON = {
  live: null,
  repeat: words('confirmRepeat'),
  confirm: words('confirmAsked'),
} as const;

/** The confirmation of whatever order a sender is holding, if any. */
export function OrderConfirmation({
  sender,
  mode,
  context,
}: {
  sender: OrderSender;
  mode: Mode;
  context: OrderContext;
}) {
  const open = sender.confirmation.value;
  if (!open) return null;
  const summary = summarizeOrder(open.order, mode, context);
  const note = open.reason === 'live' ? null : (open.note ?? NOTE_BY_REASON[open.reason]);
  return (
    <ConfirmDialog
      title={open.reason === 'repeat' ? words('confirmSendAgainTitle', summary.title) : summary.title}
      mode={mode}
      rows={summary.rows}
      call={orderCall(open.order)}
      note={
        open.reason === 'repeat' && note !== NOTE_BY_REASON.repeat ? `${NOTE_BY_REASON.repeat} ${note}` : note
      }
      onConfirm={() => void sender.confirm()}
      onCancel={() => sender.cancel()}
    />
  );
}
