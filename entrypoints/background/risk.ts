import * as z from 'zod/mini';
import type { BotId, Order } from '@/lib/api/types';
import type { JournalEntry, Mode, OrderReply } from '@/lib/messaging/protocol';
import { EXCHANGE_ZONE } from '@/lib/options/calendar';
import { countedEntries, entriesOff, isEntry, judge, ruleSummary } from '@/lib/risk/rules';
import { pauseItem, readPause, readRiskRules, riskRulesItem } from '@/lib/risk/storage';
import type {
  FlattenPlan,
  FlattenReply,
  PauseCause,
  RiskHold,
  RiskRules,
  RiskSaveReply,
  RiskView,
} from '@/lib/risk/types';
import { botUnderlying } from '@/lib/risk/underlying';
import { applyRiskPatch, RISK_FIELD_LABELS } from '@/lib/risk/validate';
import type { ReadCache } from '@/lib/storage/items';
import { mirror } from '@/lib/storage/mirror';
import { words } from '@/lib/words';

/**
 * The trader's risk rules on the order path: one gate every entry passes (popup, overlay, ticket,
 * keyboard) before the budget, and Flatten all. The rules themselves are pure (lib/risk/rules.ts).
 */

export interface RiskDeps {
  now: () => number;
  /** Every journal entry, in flight ones too. */
  journal: () => Promise<JournalEntry[]>;
  reads: (mode: Mode) => Promise<ReadCache>;
  /** Read open trades again (within the budget; it may read nothing). */
  refresh: () => Promise<void>;
  /** The platform's time zone, the day the caps count in. */
  timeZone?: () => Promise<string>;
  /** The trader's binding of a bot to an underlying, when there is one. */
  bound?: () => Promise<(bot: BotId) => string | null>;
  onChange: () => void;
}

export function createRisk(deps: RiskDeps) {
  const { now } = deps;
  // Read on every entry's click path, so kept in memory; a write from anywhere else drops the copy
  // and the next read goes through the checks (and their reset and notice) again.
  const rulesStore = mirror(riskRulesItem, z.unknown(), words('storedNameRiskRules'), () =>
    readRiskRules(now()),
  );
  const pauseStore = mirror(pauseItem, z.unknown(), words('storedNameEntryPause'), () => readPause(now()));
  const rules = () => rulesStore.get();
  const pause = () => pauseStore.get();
  /** Rules first: unreadable rules pause entries, and the pause read after them must see it. */
  const both = async () => {
    const r = await rules();
    return [r, await pause()] as const;
  };
  const zone = () => deps.timeZone?.() ?? Promise.resolve(EXCHANGE_ZONE);

  /** The rule that holds this order, or null. `refresh`: a stale open-trades read is read again first. */
  async function hold(order: Order, mode: Mode, refresh: boolean): Promise<RiskHold | null> {
    if (!isEntry(order)) return null;
    const ask = async () => {
      // The rules say what else must be read: with no cap the journal is not, with no per-underlying
      // limit the open trades are not (an entry's click path waits on every read made here).
      const [r, p] = await both();
      const caps = r.maxEntriesPerDay !== null || r.maxEntriesPerBotPerDay !== null;
      const perUnderlying = r.maxOpenPerUnderlying !== null;
      // The bot cap names the bot from the bots read.
      const botsNeeded = perUnderlying || r.maxEntriesPerBotPerDay !== null;
      const [journal, cache, timeZone, bound] = await Promise.all([
        caps ? deps.journal() : [],
        botsNeeded ? deps.reads(mode) : null,
        caps ? zone() : EXCHANGE_ZONE,
        perUnderlying ? deps.bound?.() : undefined,
      ]);
      return judge({
        order,
        now: now(),
        rules: r,
        pause: p,
        mode,
        timeZone,
        journal,
        bots: cache?.bots ?? [],
        openTrades: cache?.openTrades ?? [],
        tradesAt: cache?.tradesAt ?? null,
        ...(bound ? { bound } : {}),
      });
    };
    let verdict = await ask();
    if (!verdict.ok && verdict.stale && refresh) {
      await deps.refresh();
      verdict = await ask();
    }
    if (verdict.ok) return null;
    return {
      rule: verdict.rule,
      message: verdict.message,
      ...(verdict.until !== undefined ? { until: verdict.until } : {}),
    };
  }

  /** As the order path answers it. */
  function reply(held: RiskHold): OrderReply {
    return {
      status: 'held',
      reason: 'risk',
      rule: held.rule,
      message: held.message,
      ...(held.until !== undefined ? { until: held.until } : {}),
    };
  }

  async function view(mode: Mode): Promise<RiskView> {
    const [[r, p], journal, timeZone] = await Promise.all([both(), deps.journal(), zone()]);
    const t = now();
    const entriesToday = countedEntries(journal, mode, timeZone, t).length;
    return {
      rules: r,
      pause: p,
      entriesOff: entriesOff({ now: t, rules: r, pause: p }),
      entriesToday,
      summary: ruleSummary(r, p, entriesToday, t),
    };
  }

  /** Pausing is one step; resuming is the view's to confirm first (`confirmed`). */
  async function setPaused(on: boolean, by: PauseCause, confirmed: boolean): Promise<void> {
    if (on) {
      // Already paused keeps its first "since": the trader reads how long entries have been off.
      if (!(await pause())) await pauseStore.set({ since: now(), by });
    } else {
      if (!confirmed) throw new Error(words('riskResumeNeedsConfirm'));
      await pauseStore.set(null);
    }
    deps.onChange();
  }

  async function saveRules(patch: Partial<Record<keyof RiskRules, unknown>>): Promise<RiskSaveReply> {
    const current = await rules();
    const result = applyRiskPatch(current, patch);
    if (result.saved.length > 0) await rulesStore.set(result.next);
    deps.onChange();
    return {
      saved: result.saved.map((f) => RISK_FIELD_LABELS[f]),
      notSaved: result.notSaved.map((p) => ({ field: p.field, message: p.message })),
      rules: result.next,
    };
  }

  return { hold, reply, view, setPaused, saveRules, rules };
}

export type Risk = ReturnType<typeof createRisk>;

export interface FlattenDeps {
  now: () => number;
  reads: () => Promise<ReadCache>;
  /** How many orders the budget lets go now, and when it has room again when short. */
  room: () => Promise<{ fits: number; freesAt: number | null }>;
  place: (order: Order) => Promise<OrderReply>;
  bound?: () => Promise<(bot: BotId) => string | null>;
}

/**
 * Flatten all: one `exit {bot, close: all}` per bot that may hold trades, each through the order
 * path (guard, budget, journal), never retried, never queued: what the budget cannot fit now is
 * reported as not sent, and the trader flattens again for it.
 */
export function createFlatten(deps: FlattenDeps) {
  async function plan(): Promise<FlattenPlan> {
    const [cache, room, bound] = await Promise.all([deps.reads(), deps.room(), deps.bound?.()]);
    const bots = cache.bots
      .map((bot) => {
        const underlying = botUnderlying(cache.bots, bot.id, bound);
        const trades =
          underlying === null
            ? null
            : cache.openTrades.filter((t) => t.symbol.toUpperCase() === underlying).length;
        return { bot: bot.id, name: bot.name, underlying, trades };
      })
      // A bot known to hold nothing needs no request; one whose underlying is unknown might hold any.
      .filter((b) => b.trades !== 0);
    const fits = Math.min(room.fits, bots.length);
    return {
      bots,
      fits,
      waiting: bots.length - fits,
      freesAt: fits < bots.length ? room.freesAt : null,
      tradesAt: cache.tradesAt,
    };
  }

  async function run(only: readonly BotId[]): Promise<FlattenReply> {
    const current = await plan();
    const chosen = current.bots.filter((b) => only.includes(b.bot));
    const outcomes: FlattenReply['outcomes'] = [];
    let waiting = 0;
    for (const [i, b] of chosen.entries()) {
      if (i >= current.fits) {
        waiting++;
        outcomes.push({
          bot: b.bot,
          name: b.name,
          status: 'notSent',
          message: words('riskFlattenNoRoom'),
        });
        continue;
      }
      const r = await deps.place({ kind: 'closeBot', bot: b.bot, close: 'all' });
      const status =
        r.status === 'placed'
          ? 'closed'
          : r.status === 'refused'
            ? 'refused'
            : r.status === 'unknown'
              ? 'unknown'
              : 'held';
      const message =
        r.status === 'refused' && r.error.reason ? `${r.error.reason}: ${r.message}` : r.message;
      outcomes.push({ bot: b.bot, name: b.name, status, message });
    }
    return { outcomes, waiting };
  }

  return { plan, run };
}
