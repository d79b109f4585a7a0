import { useState } from 'preact/hooks';
import { words } from '@/lib/words';

/**
 * A site that shows its symbol in one place only (StockCharts' address, TrendSpider's title) is
 * read-only until the trader types the symbol they see: the background compares it with what the page
 * shows and counts it for that symbol in this tab only. Nothing is filled in for the trader: a copy of
 * the read symbol would confirm nothing.
 */
export function SymbolConfirm({ reason, onConfirm }: { reason: string; onConfirm: (typed: string) => void }) {
  const [typed, setTyped] = useState('');
  return (
    <form
      class="symbol-confirm"
      data-testid="symbol-confirm"
      onSubmit={(event) => {
        event.preventDefault();
        if (typed.trim()) onConfirm(typed);
      }}
    >
      <p class="reason">{reason}</p>
      <label>
        {words('symbolConfirmLabel')}{' '}
        <input
          class="ct-input"
          value={typed}
          maxLength={32}
          autoComplete="off"
          spellcheck={false}
          onInput={(event) => setTyped((event.target as HTMLInputElement).value)}
        />
      </label>{' '}
      <button type="submit" class="ct-btn ct-btn--small" disabled={!typed.trim()}>
        {words('symbolConfirm')}
      </button>
    </form>
  );
}
