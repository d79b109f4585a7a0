import * as z from 'zod/mini';
import { words } from '../words';
import type { Bot, BotsAnswer, OpenTrade, OrderAccepted } from './types';
import { botId, requestId, tradeId } from './types';

/**
 * Tolerant readers for the API's answers. The live service adds fields over time and some backends
 * send decimals as strings, so extra fields pass and `"12.50"` reads as 12.5; a field we rely on that
 * is missing or meaningless fails with its JSON path named, so a trader can quote it to support.
 */

type Reader<T> = (value: unknown, ctx: z.core.ParsePayload<unknown>) => T;

/** Parse with a hand-written reader, but inside zod so problems carry their path. */
function field<T>(read: (value: unknown) => T | Problem): z.ZodMiniType<T, unknown> {
  const run: Reader<T> = (value, ctx) => {
    const out = read(value);
    if (out instanceof Problem) {
      ctx.issues.push({ code: 'custom', message: out.message, input: value });
      return z.NEVER;
    }
    return out;
  };
  return z.pipe(z.unknown(), z.transform(run)) as unknown as z.ZodMiniType<T, unknown>;
}

class Problem {
  constructor(readonly message: string) {}
}

/** How a value looks in an error, short, so a huge or odd answer cannot flood the message. */
export function showValue(value: unknown): string {
  if (value === undefined) return words('apiValueMissing');
  if (value === null) return 'null';
  if (Array.isArray(value)) return words('apiValueList');
  if (typeof value === 'object') return words('apiValueObject');
  const text = JSON.stringify(value) ?? String(value);
  return text.length > 40 ? `${text.slice(0, 37)}…` : text;
}

const NUMERIC = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:e[+-]?\d+)?$/i;

/** A finite number, or a string that is exactly one; anything else is undefined. */
export function readNumber(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value !== 'string') return undefined;
  const text = value.trim();
  if (!NUMERIC.test(text)) return undefined;
  const n = Number(text);
  return Number.isFinite(n) ? n : undefined;
}

const missing = (value: unknown) => (value === undefined ? new Problem(words('apiIsMissing')) : undefined);

const amount = field((value) => {
  const n = readNumber(value);
  return n ?? missing(value) ?? new Problem(words('apiShouldBeNumber', showValue(value)));
});

const positiveInteger = field((value) => {
  const n = readNumber(value);
  if (n !== undefined && Number.isSafeInteger(n) && n > 0) return n;
  return missing(value) ?? new Problem(words('apiShouldBeWhole', showValue(value)));
});

const text = field((value) =>
  typeof value === 'string'
    ? value
    : (missing(value) ?? new Problem(words('apiShouldBeText', showValue(value)))),
);

const nonEmptyText = field((value) =>
  typeof value === 'string' && value.trim() !== ''
    ? value
    : (missing(value) ?? new Problem(words('apiShouldBeNonEmpty', showValue(value)))),
);

/** Display-only text the API may leave out or null (a generic bot may have no strategy). */
const optionalText = z.optional(
  field((value) => (typeof value === 'string' ? value : value == null ? '' : String(value))),
);

/**
 * A list, also when a PHP backend serialised it as an object keyed by index (`{"0": {...}}`),
 * which happens after filtering an array. `null` is not an empty list: for open trades that
 * would claim "nothing open" when we simply do not know.
 */
function list<T>(item: z.ZodMiniType<T, unknown>) {
  return z.pipe(
    z.transform((value: unknown) =>
      value !== null &&
      typeof value === 'object' &&
      !Array.isArray(value) &&
      Object.values(value).every(isRecord)
        ? Object.values(value)
        : value,
    ),
    z.array(item),
  );
}

const isRecord = (value: unknown): value is Record<string, unknown> =>
  value !== null && typeof value === 'object' && !Array.isArray(value);

const succeeded = z.literal(true);

export const botSchema = z.pipe(
  z.looseObject({
    id: positiveInteger,
    name: text,
    strategy: optionalText,
    broker: optionalText,
  }),
  z.transform(({ id, name, strategy, broker }): Bot => {
    const bot: Bot = { id: botId(id), name, strategy: strategy ?? '' };
    if (broker) bot.broker = broker;
    return bot;
  }),
);

export const botsAnswerSchema = z.pipe(
  z.looseObject({ success: succeeded, user: optionalText, data: list(botSchema) }),
  z.transform(({ user, data }): BotsAnswer => ({ user: user ?? '', bots: data })),
);

export const openTradeSchema = z.pipe(
  z.looseObject({
    id: positiveInteger,
    symbol: nonEmptyText,
    strategy: optionalText,
    entered_at: nonEmptyText,
    entry_price: amount,
    profit_loss: amount,
    percentage_profit_loss: amount,
  }),
  z.transform(
    (t): OpenTrade => ({
      id: tradeId(t.id),
      symbol: t.symbol,
      strategy: t.strategy ?? '',
      enteredAt: t.entered_at,
      entryPrice: t.entry_price,
      profitLoss: t.profit_loss,
      percentProfitLoss: t.percentage_profit_loss,
    }),
  ),
);

export const openTradesSchema = z.pipe(
  z.looseObject({ success: succeeded, trades: list(openTradeSchema) }),
  z.transform(({ trades }): OpenTrade[] => trades),
);

/** The request id of an accepted order: a UUID in practice; any non-empty text is kept for support. */
const requestIdField = field((value) =>
  typeof value === 'string' && value.trim() !== '' && value.length <= 100
    ? requestId(value.trim())
    : (missing(value) ?? new Problem(words('apiShouldBeRequestId', showValue(value)))),
);

export const orderAcceptedSchema = z.pipe(
  z.looseObject({ success: succeeded, id: requestIdField, payload: z.unknown() }),
  z.transform(({ id, payload }): OrderAccepted => ({ requestId: id, payload })),
);

/** What a `success: false` answer says. Read leniently: a refusal stays a refusal even if half-filled. */
export interface FailureAnswer {
  reason?: string;
  message?: string;
  requestId?: string;
}

/** The reason/message/id of a `success: false` body, or null when the body is not one. */
export function readFailureAnswer(body: unknown): FailureAnswer | null {
  if (!isRecord(body) || body.success !== false) return null;
  const answer: FailureAnswer = {};
  const reason = optionalTextValue(body.reason);
  const message = optionalTextValue(body.message);
  if (reason) answer.reason = reason;
  if (message) answer.message = message;
  if (typeof body.id === 'string' && body.id.trim() !== '') answer.requestId = body.id.trim();
  return answer;
}

function optionalTextValue(value: unknown): string | undefined {
  if (typeof value === 'string') return value.trim() || undefined;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return undefined;
}

export type ReadResult<T> = { ok: true; value: T } | { ok: false; problem: string };

/** Parse an answer; on failure, one sentence naming every bad field (at most a few). */
export function readAnswer<T>(schema: z.ZodMiniType<T, unknown>, body: unknown): ReadResult<T> {
  const parsed = z.safeParse(schema, body, { reportInput: true });
  if (parsed.success) return { ok: true, value: parsed.data };
  return { ok: false, problem: describeIssues(parsed.error.issues) };
}

function describeIssues(issues: readonly z.core.$ZodIssue[]): string {
  const shown = issues.slice(0, 3).map(describeIssue);
  const more = issues.length > 3 ? ` ${words('apiMoreProblems', issues.length - 3)}` : '';
  return shown.join('; ') + more;
}

function describeIssue(issue: z.core.$ZodIssue): string {
  const where = issue.path.length > 0 ? issue.path.join('.') : words('apiTheAnswer');
  if (issue.code === 'custom') return `${where} ${issue.message}`;
  if (issue.code === 'invalid_value' && issue.path.at(-1) === 'success') {
    return words('apiSuccessNotTrue', showValue(issue.input));
  }
  if (issue.code === 'invalid_type') {
    if (issue.input === undefined) return words('apiPathMissing', where);
    const expected =
      issue.expected === 'array'
        ? words('apiValueList')
        : issue.expected === 'object'
          ? words('apiValueObject')
          : issue.expected;
    return words('apiPathShouldBe', where, expected, showValue(issue.input));
  }
  return words('apiPathUnexpected', where);
}
