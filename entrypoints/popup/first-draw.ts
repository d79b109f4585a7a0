import { browser } from 'wxt/browser';
import * as z from 'zod/mini';
import {
  entrySide,
  formatAgo,
  formatClock,
  formatNumber,
  formatPrice,
  formatSignedMoney,
  formatSignedPercent,
  PNL_OLD_MS,
  pnlAge,
  pnlTone,
  sortNewestFirst,
  tradeAge,
  zoneLabel,
} from '../../components/format';
import type { Bot, BotId, OpenTrade } from '../../lib/api/types';
import type { BotBindings } from '../../lib/bots/binding';
import { anySymbolNote, totalsByBot } from '../../lib/bots/trade-totals';
import { DEFAULT_SETTINGS, type Mode, type ViewState } from '../../lib/messaging/protocol';
import {
  botBindingsSchema,
  int,
  modeSchema,
  rateBudgetSchema,
  readCacheSchema,
} from '../../lib/storage/read-cache-schema';
import { words } from '../../lib/words';

/**
 * The popup's first view, drawn from the stored read cache before Preact and the worker: one
 * storage read, checked with zod, then plain DOM. It is honest about being saved data (a note with
 * its time, `data-cached` on the root) and it cannot order: every order button is disabled and has
 * no listener at all. The live view (live.tsx) replaces it whole, in one commit, when the
 * background's first state arrives.
 *
 * The markup mirrors PopupApp's for the same state (same classes, same test ids), so the swap to
 * the live view moves nothing that did not change.
 */

/** The raw storage keys it reads (lib/storage/items.ts), in one call. Nothing secret is among them. */
export const FIRST_DRAW_KEYS = [
  'mode',
  'readCache',
  'settings',
  'botBindings',
  'rateBudget',
  'paperRateBudget',
] as const;

/** The settings a first view uses; the rest waits for the background. */
const drawnSettingsSchema = z.looseObject({
  timeZone: z.optional(z.string()),
  defaultBot: z.optional(z.nullable(int)),
  budgetShare: z.optional(int.check(z.gte(1), z.lte(60))),
  orderReserve: z.optional(int.check(z.gte(0), z.lte(30))),
});

const storedSchema = z.object({
  // No mode stored is a fresh install's Paper, as modeItem's fallback says.
  mode: z.optional(modeSchema),
  readCache: z.optional(readCacheSchema),
  settings: z.optional(drawnSettingsSchema),
  botBindings: z.optional(botBindingsSchema),
  rateBudget: z.optional(rateBudgetSchema),
  paperRateBudget: z.optional(rateBudgetSchema),
});

export interface CachedView {
  mode: Mode;
  user: string | null;
  bots: Bot[];
  openTrades: OpenTrade[];
  botsAt: number | null;
  tradesAt: number | null;
  bindings: BotBindings;
  timeZone: string;
  defaultBot: BotId | null;
  budget: { share: number; reserve: number; sent: number[]; blockedUntil: number | null };
}

/**
 * What storage holds, as a cached view, or null when there is nothing honest to draw: no cache,
 * another mode's cache (Paper and Live never mix), a cache never read, or anything that does not
 * parse (the background, which owns the key, resets it with a notice on its own read).
 */
export function parseFirstDrawCache(raw: unknown): CachedView | null {
  const parsed = storedSchema.safeParse(raw);
  if (!parsed.success) return null;
  const { mode = 'paper', readCache, settings, botBindings, rateBudget, paperRateBudget } = parsed.data;
  if (!readCache || readCache.mode !== mode) return null;
  if (readCache.botsAt === null && readCache.tradesAt === null) return null;
  const budget = (mode === 'live' ? rateBudget : paperRateBudget) ?? { sent: [], blockedUntil: null };
  return {
    mode,
    user: readCache.user,
    // Checked above: whole numbers where the API's ids are, so these are its bots and trades.
    bots: readCache.bots as Bot[],
    openTrades: readCache.openTrades as OpenTrade[],
    botsAt: readCache.botsAt,
    tradesAt: readCache.tradesAt,
    bindings: (botBindings ?? {}) as BotBindings,
    timeZone: settings?.timeZone ?? DEFAULT_SETTINGS.timeZone,
    defaultBot: (settings?.defaultBot ?? null) as BotId | null,
    budget: {
      share: settings?.budgetShare ?? DEFAULT_SETTINGS.budgetShare,
      reserve: settings?.orderReserve ?? DEFAULT_SETTINGS.orderReserve,
      sent: budget.sent,
      blockedUntil: budget.blockedUntil,
    },
  };
}

/** The one storage read; never throws (an unreadable storage draws nothing). */
export async function readFirstDrawCache(): Promise<CachedView | null> {
  try {
    return parseFirstDrawCache(await browser.storage.local.get([...FIRST_DRAW_KEYS]));
  } catch {
    return null;
  }
}

/** The cached view as the state the live view starts from, until the background's own arrives. */
export function cachedViewState(view: CachedView, now: number): ViewState {
  return {
    mode: view.mode,
    // Unknown until the background says: nothing here may claim or deny a secret.
    hasSecret: false,
    secretSavedAt: null,
    secretSessionOnly: false,
    bindings: view.bindings,
    user: view.user,
    bots: view.bots,
    openTrades: view.openTrades,
    botsAt: view.botsAt,
    tradesAt: view.tradesAt,
    readError: null,
    budget: {
      share: view.budget.share,
      reserve: view.budget.reserve,
      used: view.budget.sent.filter((t) => t > now - 60_000).length,
      blockedUntil: view.budget.blockedUntil,
    },
    settings: {
      ...DEFAULT_SETTINGS,
      timeZone: view.timeZone,
      defaultBot: view.defaultBot,
      budgetShare: view.budget.share,
      orderReserve: view.budget.reserve,
    },
    inFlight: [],
    notices: [],
  };
}

type Child = Node | string | null | false;

function el(tag: string, attrs: Record<string, string> = {}, ...children: Child[]): HTMLElement {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  for (const child of children) if (child !== null && child !== false) node.append(child);
  return node;
}

/** An order button that cannot send: disabled, and no listener to send with. */
function inert(label: string, cls: string, title: string): HTMLElement {
  const button = el('button', { type: 'button', class: cls, title }, label);
  (button as HTMLButtonElement).disabled = true;
  return button;
}

function tradeRow(trade: OpenTrade, now: number, timeZone: string, waiting: string): HTMLElement {
  const tone = pnlTone(trade.profitLoss);
  const age = tradeAge(trade.enteredAt, now, timeZone);
  const side = entrySide(trade.strategy);
  const trimInput = el('input', {
    class: 'ct-input ct-trade__trim-input',
    type: 'number',
    inputmode: 'numeric',
    min: '1',
    max: '100',
    step: '1',
    value: '50',
    id: `first-draw-trim-${trade.id}`,
  }) as HTMLInputElement;
  trimInput.disabled = true;
  return el(
    'li',
    { class: 'ct-trade', 'data-testid': 'trade-row', 'data-trade-id': String(trade.id), 'data-cached': '' },
    el(
      'div',
      { class: 'ct-trade__head' },
      el(
        'span',
        { class: 'ct-trade__name' },
        el('strong', {}, trade.symbol),
        ` ${trade.strategy} `,
        el('span', { class: 'ct-muted' }, `#${trade.id}`),
      ),
      el(
        'span',
        { class: `ct-trade__pnl ct-${tone}`, 'data-testid': 'pnl', 'data-tone': tone },
        `${formatSignedMoney(trade.profitLoss)} (${formatSignedPercent(trade.percentProfitLoss)})`,
      ),
    ),
    el(
      'div',
      { class: 'ct-trade__meta ct-muted' },
      el(
        'span',
        {},
        'Entered ',
        el('span', { 'data-testid': 'entered-at' }, trade.enteredAt),
        ` ${zoneLabel(timeZone)}`,
        age ? el('span', { 'data-testid': 'age' }, ` · ${age}`) : null,
      ),
      el(
        'span',
        { 'data-testid': 'entry' },
        side
          ? words(side === 'credit' ? 'tradeEntryCredit' : 'tradeEntryDebit', formatPrice(trade.entryPrice))
          : words('tradeEntry', formatPrice(trade.entryPrice)),
      ),
    ),
    el(
      'div',
      { class: 'ct-trade__actions' },
      inert(words('tradeExit'), 'ct-btn ct-btn--small ct-btn--danger', waiting),
      el(
        'span',
        { class: 'ct-trade__trim' },
        el('label', { for: trimInput.id, class: 'ct-visually-hidden' }, words('tradeTrimLabel')),
        trimInput,
        el('span', { class: 'ct-muted' }, '%'),
        inert(words('tradeTrim'), 'ct-btn ct-btn--small', waiting),
        el('span', { class: 'ct-muted ct-trade__hint' }, words('tradeTrimHint')),
      ),
    ),
  );
}

function botRow(bot: Bot, isDefault: boolean, waiting: string): HTMLElement {
  return el(
    'li',
    { class: 'ct-bot', 'data-testid': 'bot-row', 'data-bot-id': String(bot.id), 'data-cached': '' },
    el(
      'div',
      { class: 'ct-bot__info' },
      el('span', { class: 'ct-bot__name' }, bot.name),
      isDefault ? el('span', { class: 'ct-bot__tag' }, words('botDefaultTag')) : null,
      el(
        'span',
        { class: 'ct-bot__meta ct-muted' },
        `${bot.strategy}${bot.broker ? ` · ${bot.broker}` : ''} · #${bot.id}`,
      ),
    ),
    el(
      'div',
      { class: 'ct-bot__actions' },
      inert(words('orderEnter'), 'ct-btn ct-btn--small ct-btn--primary', waiting),
      inert(words('orderCloseAll'), 'ct-btn ct-btn--small', waiting),
      inert(words('orderCloseNewest'), 'ct-btn ct-btn--small', waiting),
      inert(words('orderCloseOldest'), 'ct-btn ct-btn--small', waiting),
    ),
  );
}

/** The cached view as DOM: header, the saved-data note, and the Trade tab's trades and bots. */
export function drawCachedView(view: CachedView, now: number): HTMLElement {
  const waiting = words('popupWaitingForLive');
  const savedAt = Math.min(...[view.tradesAt, view.botsAt].filter((t): t is number => t !== null));
  const settings = el('button', { type: 'button', class: 'ct-btn ct-btn--small' }, words('popupSettings'));
  // Not an order: the settings page needs no worker, so it opens from the first view too.
  settings.addEventListener('click', () => void browser.runtime.openOptionsPage());
  const live = view.mode === 'live';
  const trades = sortNewestFirst(view.openTrades, view.timeZone);
  const totals = totalsByBot(view.openTrades, view.bots, view.bindings);
  const totalsNote = anySymbolNote(view.bots, view.bindings);
  const tabs = [words('trade'), words('popupTabCustom'), words('popupTabJournal')].map((label, i) => {
    const tab = el(
      'button',
      { type: 'button', role: 'tab', class: 'ct-tab', 'aria-selected': String(i === 0) },
      label,
    ) as HTMLButtonElement;
    tab.tabIndex = i === 0 ? 0 : -1;
    return tab;
  });
  return el(
    'div',
    {
      class: `ct-root ct-popup ct-popup--${view.mode} ct-popup--cached`,
      'data-first-draw': '',
      'aria-busy': 'true',
    },
    el(
      'header',
      { class: 'ct-popup__header' },
      el(
        'span',
        {
          class: `ct-mode ct-mode--${view.mode}`,
          role: 'status',
          'aria-label': words(live ? 'modeLiveLabel' : 'modePaperLabel'),
          'data-mode': view.mode,
        },
        words(live ? 'modeLiveMark' : 'modePaperMark'),
      ),
      el('span', { class: 'ct-popup__title' }, words('popupTitle')),
      view.user
        ? el(
            'span',
            { class: 'ct-popup__user ct-muted', title: view.user, 'data-testid': 'account-user' },
            view.user,
          )
        : null,
      el('span', { class: 'ct-popup__spacer' }),
      inert(words('popupRefresh'), 'ct-btn ct-btn--small', waiting),
      settings,
    ),
    live
      ? null
      : el('p', { class: 'ct-paper-banner', 'data-testid': 'paper-banner' }, words('modePaperBanner')),
    el(
      'div',
      { class: 'ct-popup__status' },
      el(
        'p',
        { class: 'ct-muted ct-popup__cached', role: 'status', 'data-testid': 'cached-note' },
        words('popupCachedAsOf', formatClock(savedAt), formatAgo(savedAt, now)),
      ),
    ),
    el('div', { class: 'ct-tabs', role: 'tablist', 'aria-label': words('popupTabsLabel') }, ...tabs),
    el(
      'div',
      { class: 'ct-popup__panel', role: 'tabpanel' },
      el(
        'h2',
        { class: 'ct-popup__h' },
        `${words('popupOpenTradesHeading')} `,
        el('span', { class: 'ct-muted' }, `(${trades.length})`),
      ),
      el(
        'section',
        { class: 'ct-trades', 'aria-label': words('popupOpenTradesHeading') },
        el(
          'p',
          {
            // As the live view's PnlAge marks it, so the takeover changes nothing but the age.
            class: `ct-trades__refreshed ct-muted${view.tradesAt === null || now - view.tradesAt > PNL_OLD_MS ? ' ct-trades__refreshed--old' : ''}`,
            'data-testid': 'trades-refreshed',
            ...(view.tradesAt === null ? {} : { 'data-read-at': String(view.tradesAt) }),
          },
          view.tradesAt === null ? words('tradesNotRefreshed') : words('pnlAsOf', pnlAge(view.tradesAt, now)),
        ),
        totals.length > 0
          ? el(
              'ul',
              {
                class: 'ct-trades__totals ct-muted',
                'data-testid': 'trade-totals',
                'aria-label': words('tradesTotalsLabel'),
              },
              ...totals.map((t) =>
                el(
                  'li',
                  { 'data-testid': 'bot-total', 'data-bots': t.bots.join(' ') },
                  el('strong', {}, t.label),
                  `${t.bots.length > 0 ? ` · ${t.symbols.join(', ')}` : ''} · ${words(t.count === 1 ? 'tradesCountOne' : 'tradesCount', formatNumber(t.count, 0))} · `,
                  el('span', { class: `ct-${pnlTone(t.pnl)}` }, formatSignedMoney(t.pnl)),
                ),
              ),
              totalsNote ? el('li', { class: 'ct-trades__totals-note' }, totalsNote) : null,
            )
          : null,
        trades.length === 0
          ? el('p', { class: 'ct-muted ct-trades__empty' }, words('tradesNone'))
          : el(
              'ul',
              { class: 'ct-trades__list' },
              ...trades.map((t) => tradeRow(t, now, view.timeZone, waiting)),
            ),
      ),
      el(
        'h2',
        { class: 'ct-popup__h' },
        `${words('popupBotsHeading')} `,
        el('span', { class: 'ct-muted' }, `(${view.bots.length})`),
        view.botsAt !== null
          ? el(
              'span',
              { class: 'ct-popup__sub ct-muted' },
              ` · ${words('popupBotsRead', formatAgo(view.botsAt, now))}`,
            )
          : null,
      ),
      view.bots.length === 0
        ? el('p', { class: 'ct-muted' }, words('popupNoBots'))
        : el(
            'ul',
            { class: 'ct-bots__list', 'aria-label': words('popupBotsHeading') },
            ...view.bots.map((b) => botRow(b, b.id === view.defaultBot, waiting)),
          ),
    ),
  );
}

/** Until anything is known: what PopupApp itself shows then. */
export function drawLoading(): HTMLElement {
  return el(
    'div',
    { class: 'ct-root ct-popup', 'data-first-draw': '', 'aria-busy': 'true' },
    el('p', { class: 'ct-muted ct-popup__loading' }, 'Loading…'),
  );
}

/**
 * Reads the cache and draws into `host` (the cached view, or "Loading…" when there is nothing to
 * draw), then resolves with what it drew, for the live view to start from.
 */
export async function firstDraw(host: HTMLElement, now = Date.now): Promise<CachedView | null> {
  const view = await readFirstDrawCache();
  let drawn: HTMLElement;
  try {
    drawn = view ? drawCachedView(view, now()) : drawLoading();
  } catch {
    // Data that parsed and still cannot be drawn is no reason to show nothing at all.
    drawn = drawLoading();
    host.replaceChildren(drawn);
    return null;
  }
  host.replaceChildren(drawn);
  return view;
}
