import { useEffect, useId } from 'preact/hooks';
import { formatNumber, formatZoned } from '../../components/format';
import { journalWords, type OrderContext } from '../../components/order-summary';
import { UNKNOWN_OUTCOME } from '../../lib/api/outcome-words';
import type { JournalEntry } from '../../lib/messaging/protocol';
import { type WordKey, words } from '../../lib/words';
import type { JournalFilter, PopupState } from './state';

/** Save text as a file the way a page can: a Blob behind an `<a download>`. */
export function downloadText(filename: string, mime: string, text: string): void {
  const url = URL.createObjectURL(new Blob([text], { type: mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start the download after the click returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

export async function loadJournal(state: PopupState): Promise<void> {
  try {
    state.journal.value = await state.ask({ type: 'journal.list' });
    state.journalError.value = null;
  } catch (error) {
    state.journalError.value = error instanceof Error ? error.message : String(error);
  }
}

const STATUS_TEXT: Record<JournalEntry['status'], WordKey> = {
  pending: 'journalStatusPending',
  placed: 'journalStatusPlaced',
  refused: 'journalStatusRefused',
  unknown: 'journalStatusUnknown',
};

function JournalRow({ entry, ctx, timeZone }: { entry: JournalEntry; ctx: OrderContext; timeZone: string }) {
  const outcome =
    entry.status === 'placed'
      ? entry.requestId
      : entry.status === 'refused'
        ? [entry.reason, entry.message].filter(Boolean).join(': ')
        : entry.status === 'unknown'
          ? (entry.message ?? UNKNOWN_OUTCOME)
          : '';
  return (
    <li class="ct-journal__row" data-testid="journal-row" data-status={entry.status}>
      <div class="ct-journal__head">
        <span class={`ct-journal__mode ct-journal__mode--${entry.mode}`}>
          {words(entry.mode === 'live' ? 'modeLiveMark' : 'modePaperMark')}
        </span>
        <span class="ct-mono">{entry.call}</span>
        <span class={`ct-journal__status ct-journal__status--${entry.status}`}>
          {words(STATUS_TEXT[entry.status])}
        </span>
      </div>
      <div class="ct-journal__meta ct-muted">
        <span>
          {formatZoned(entry.at, timeZone)} · {entry.from}
          {entry.symbol ? ` · ${entry.symbol}` : ''}
          {entry.httpStatus !== null ? ` · HTTP ${entry.httpStatus}` : ''}
          {entry.latencyMs !== null ? ` · ${words('journalLatency', formatNumber(entry.latencyMs, 0))}` : ''}
        </span>
      </div>
      {journalWords(entry.order, ctx).map((line) => (
        <div key={line} class="ct-journal__what" data-testid="journal-what">
          {line}
        </div>
      ))}
      {outcome ? <div class="ct-journal__outcome ct-mono">{outcome}</div> : null}
    </li>
  );
}

/** The latest orders and their results, filtered by mode, exportable as CSV or JSON. */
export function JournalView({ state }: { state: PopupState }) {
  const filterId = useId();
  useEffect(() => {
    void loadJournal(state);
  }, [state]);
  const entries = state.journal.value;
  const view = state.connection.state.value;
  // Trades still open are named by symbol and strategy; a closed one by its id alone.
  const ctx: OrderContext = {
    bots: view?.bots ?? [],
    trades: view?.openTrades ?? [],
    bindings: view?.bindings ?? {},
  };
  const timeZone = view?.settings.timeZone ?? 'America/New_York';
  const filter = state.journalFilter.value;
  const shown = (entries ?? []).filter((e) => filter === 'all' || e.mode === filter);
  const exportAs = async (format: 'csv' | 'json') => {
    try {
      const file = await state.ask({ type: 'journal.export', format });
      downloadText(file.filename, file.mime, file.text);
      state.journalError.value = null;
    } catch (error) {
      state.journalError.value = error instanceof Error ? error.message : String(error);
    }
  };
  return (
    <section class="ct-journal" aria-label={words('popupTabJournal')}>
      <div class="ct-journal__bar">
        <label for={filterId}>{words('journalFilterMode')}</label>
        <select
          id={filterId}
          class="ct-select"
          value={filter}
          onChange={(e) => {
            state.journalFilter.value = e.currentTarget.value as JournalFilter;
          }}
        >
          <option value="all">{words('journalFilterAll')}</option>
          <option value="paper">{words('modePaper')}</option>
          <option value="live">{words('modeLive')}</option>
        </select>
        <span class="ct-journal__spacer" />
        <button type="button" class="ct-btn ct-btn--small" onClick={() => void exportAs('csv')}>
          {words('journalExportCsv')}
        </button>
        <button type="button" class="ct-btn ct-btn--small" onClick={() => void exportAs('json')}>
          {words('journalExportJson')}
        </button>
      </div>
      {state.journalError.value ? (
        <p class="ct-field-error" role="alert">
          {state.journalError.value}
        </p>
      ) : null}
      {entries === null ? (
        <p class="ct-muted">{words('journalReading')}</p>
      ) : shown.length === 0 ? (
        <p class="ct-muted">
          {filter === 'all'
            ? words('journalEmpty')
            : words('journalEmptyInMode', words(filter === 'live' ? 'modeLive' : 'modePaper'))}
        </p>
      ) : (
        <ul class="ct-journal__list">
          {shown.map((entry) => (
            <JournalRow key={entry.id} entry={entry} ctx={ctx} timeZone={timeZone} />
          ))}
        </ul>
      )}
    </section>
  );
}
