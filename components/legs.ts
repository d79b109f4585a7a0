import {
  type BotId,
  botId,
  type FieldProblem,
  type Leg,
  type OptionType,
  type Order,
} from '../lib/api/types';
import { validateOrder } from '../lib/api/validate';
import { words } from '../lib/words';

/** A leg as the trader types it: buy/sell and a contract count rather than a signed quantity. */
export interface LegDraft {
  symbol: string;
  side: 'buy' | 'sell';
  /** Whole number of contracts, as typed. */
  contracts: string;
  /** YYYY-MM-DD from the date picker. */
  expiration: string;
  type: OptionType;
  /** As typed. */
  strike: string;
}

export const MAX_LEGS = 4;

export const emptyLeg = (symbol = '', expiration = ''): LegDraft => ({
  symbol,
  side: 'buy',
  contracts: '1',
  expiration,
  type: 'call',
  strike: '',
});

/** The field a problem belongs to in the builder: the contract's `quantity` is the builder's contracts. */
export function draftField(field: string): string {
  return field.replace(/\.quantity$/, '.contracts');
}

function draftToLeg(draft: LegDraft): Leg {
  const contracts = Number(draft.contracts.trim());
  const strikeText = draft.strike.trim();
  return {
    symbol: draft.symbol.trim().toUpperCase(),
    quantity: draft.side === 'buy' ? contracts : -contracts,
    expiration: draft.expiration,
    type: draft.type,
    strike: strikeText === '' ? Number.NaN : Number(strikeText),
  };
}

export interface LegOrderDraft {
  /** The order to send, or null while any field is wrong. */
  order: Order | null;
  /** Field by field (`bot`, `legs.0.contracts`, …), in a trader's words. */
  problems: FieldProblem[];
}

/** The drafts as an `enterLegs` order, checked by the same rules the background applies. */
export function buildLegOrder(bot: BotId | null, drafts: readonly LegDraft[]): LegOrderDraft {
  const local: FieldProblem[] = [];
  if (bot === null) local.push({ field: 'bot', message: words('legsPickBot') });
  drafts.forEach((draft, i) => {
    if (!/^\d+$/.test(draft.contracts.trim()) || Number(draft.contracts) < 1) {
      local.push({ field: `legs.${i}.contracts`, message: words('legsContractsWhole') });
    }
  });
  const legs = drafts.map(draftToLeg);
  const candidate: Order = { kind: 'enterLegs', bot: bot ?? botId(0), legs };
  const known = new Set(local.map((p) => p.field));
  const problems = [...local];
  for (const problem of validateOrder(candidate)) {
    const field = draftField(problem.field);
    if (!known.has(field)) {
      known.add(field);
      problems.push({ field, message: problem.message });
    }
  }
  return { order: problems.length === 0 ? candidate : null, problems };
}
