import * as z from 'zod/mini';
import { orderSchema } from '../api/order-schema';
import { SITE_IDS } from '../chart/sites/types';
import { MAX_LANDMARK_ENTRIES } from '../chart/types';

/**
 * The protocol's runtime schemas: only the background imports these (zod stays out of the views'
 * and the content script's bundles). Every message the background receives is parsed with
 * `requestSchema` before anything happens.
 */

/** An IANA zone this runtime knows (`America/New_York`); anything else would break every time shown. */
function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** The random key the content script hands its overlay frame (crypto.randomUUID). */
export const frameKeySchema = z.string().check(z.regex(/^[0-9a-f-]{36}$/));
/** The id of the one order waiting in the confirmation window (crypto.randomUUID, single use). */
export const confirmIdSchema = z.string().check(z.regex(/^[0-9a-f-]{36}$/));

export const orderSourceSchema = z.enum(['popup', 'overlay', 'shortcut']);

const settingsPatchSchema = z.partial(
  z.object({
    budgetShare: z.number().check(z.int(), z.gte(1), z.lte(60)),
    orderReserve: z.number().check(z.int(), z.gte(0), z.lte(30)),
    oneClickLive: z.boolean(),
    defaultBot: z.nullable(z.number().check(z.int())),
    botBySymbol: z.record(z.string(), z.number().check(z.int())),
    symbolMap: z.record(z.string(), z.string().check(z.minLength(1), z.maxLength(20))),
    rotateAfterDays: z.number().check(z.int(), z.gte(1), z.lte(365)),
    timeZone: z.string().check(z.minLength(1), z.maxLength(64), z.refine(isTimeZone)),
  }),
);

const riskNumber = z.nullable(z.number());
const riskPatchSchema = z.partial(
  z.object({
    hoursOn: z.boolean(),
    hoursStart: riskNumber,
    hoursEnd: riskNumber,
    cutoffMinutes: riskNumber,
    tradingDaysOnly: z.boolean(),
    maxEntriesPerDay: riskNumber,
    maxEntriesPerBotPerDay: riskNumber,
    maxOpenPerUnderlying: riskNumber,
  }),
);

/** One landmark as the content script found it: null when missing, else what each element showed. */
const landmarkSeenSchema = z.nullable(
  z.array(z.string().check(z.maxLength(64))).check(z.maxLength(MAX_LANDMARK_ENTRIES)),
);

export const botBindingSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('symbol'), underlying: z.string().check(z.regex(/^[A-Z][A-Z0-9.]{0,9}$/)) }),
  z.object({ kind: z.literal('any') }),
]);

export const chartReportSchema = z.object({
  symbol: z.nullable(z.string().check(z.maxLength(64))),
  exchange: z.nullable(z.string().check(z.maxLength(64))),
  underlying: z.nullable(z.string().check(z.maxLength(64))),
  state: z.enum(['ready', 'settling', 'loading', 'ambiguous', 'unsupported', 'unreadable', 'unconfirmed']),
  reason: z.string().check(z.maxLength(300)),
  changedAt: z.number(),
  theme: z.enum(['light', 'dark']),
  landmarks: z.optional(
    z.object({
      title: landmarkSeenSchema,
      symbolButton: landmarkSeenSchema,
      legend: landmarkSeenSchema,
      pane: landmarkSeenSchema,
      canvasLabel: landmarkSeenSchema,
    }),
  ),
  site: z.optional(z.enum(SITE_IDS)),
});

/** Everything the background accepts, from any context. */
export const requestSchema = z.discriminatedUnion('type', [
  // views
  z.object({ type: z.literal('state.get') }),
  z.object({ type: z.literal('reads.refresh') }),
  z.object({
    type: z.literal('order.place'),
    order: orderSchema,
    /** Ignored: the background derives the source from the sender, never from the message. */
    from: z.optional(orderSourceSchema),
    /** The trader confirmed this exact order (a Live confirmation, or "send again"). */
    confirmed: z.boolean(),
    /** The underlying the overlay showed when the trader clicked; re-checked against the chart. */
    chartSymbol: z.optional(z.string()),
    /** What the check before the confirmation saw (`OrderCheck.guardToken`); without it a repeat is asked again. */
    guardToken: z.optional(z.string().check(z.maxLength(100))),
  }),
  z.object({
    type: z.literal('order.check'),
    order: orderSchema,
    /** Ignored: the background derives the source from the sender, never from the message. */
    from: z.optional(orderSourceSchema),
    /** The trader confirmed this exact order (a Live confirmation, or "send again"). */
    confirmed: z.boolean(),
    /** The underlying the overlay showed when the trader clicked; re-checked against the chart. */
    chartSymbol: z.optional(z.string()),
  }),
  z.object({ type: z.literal('journal.list') }),
  z.object({ type: z.literal('budget.clearBlock') }),
  z.object({ type: z.literal('notices.dismiss') }),
  z.object({ type: z.literal('journal.export'), format: z.enum(['csv', 'json']) }),
  z.object({ type: z.literal('connection.test'), secret: z.optional(z.string()) }),
  z.object({ type: z.literal('connection.setMode'), mode: z.enum(['paper', 'live']) }),
  z.object({ type: z.literal('connection.saveSecret'), secret: z.string(), sessionOnly: z.boolean() }),
  z.object({ type: z.literal('connection.forgetSecret') }),
  z.object({ type: z.literal('settings.update'), patch: settingsPatchSchema }),
  z.object({
    type: z.literal('bindings.set'),
    bot: z.number().check(z.int(), z.gte(1)),
    /** Null unbinds. */
    binding: z.nullable(botBindingSchema),
  }),
  // risk rules: values are typed here and judged by range in lib/risk/validate.ts, field by field
  z.object({ type: z.literal('risk.pause'), on: z.boolean(), confirmed: z.boolean() }),
  z.object({ type: z.literal('risk.save'), patch: riskPatchSchema }),
  z.object({ type: z.literal('flatten.plan') }),
  z.object({
    type: z.literal('flatten.run'),
    bots: z.array(z.number().check(z.int())).check(z.minLength(1), z.maxLength(200)),
    /** The trader confirmed the plan in the popup. */
    confirmed: z.literal(true),
  }),
  z.object({ type: z.literal('chart.current') }),
  z.object({ type: z.literal('chart.quote') }),
  z.object({ type: z.literal('chart.active') }),
  z.object({ type: z.literal('chart.confirm'), symbol: z.string().check(z.minLength(1), z.maxLength(40)) }),
  z.object({ type: z.literal('overlay.fit'), height: z.number().check(z.int(), z.gte(0), z.lte(4000)) }),
  z.object({
    type: z.literal('overlay.move'),
    phase: z.enum(['start', 'move', 'end', 'step']),
    dx: z.number().check(z.int(), z.gte(-20_000), z.lte(20_000)),
    dy: z.number().check(z.int(), z.gte(-20_000), z.lte(20_000)),
    fromX: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000)),
    fromY: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000)),
  }),
  z.object({ type: z.literal('overlay.reset') }),
  // a view's port (popup, overlay): is the view on screen now?
  z.object({ type: z.literal('view.visibility'), visible: z.boolean() }),
  // content script
  z.object({ type: z.literal('chart.report'), report: chartReportSchema }),
  // The content script keeps the overlay frame's place through the background: storage is closed to it.
  z.object({ type: z.literal('placement.get') }),
  z.object({
    type: z.literal('placement.save'),
    spot: z.nullable(
      z.object({
        right: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000)),
        top: z.number().check(z.int(), z.gte(-100_000), z.lte(100_000)),
      }),
    ),
  }),
  /** The frame the content script created for the overlay: its frameId where known, and its key. */
  // the confirmation window (entrypoints/confirm)
  z.object({ type: z.literal('confirm.get'), id: confirmIdSchema }),
  z.object({ type: z.literal('confirm.decide'), id: confirmIdSchema, confirm: z.boolean() }),
  z.object({
    type: z.literal('overlay.frame'),
    frameId: z.nullable(z.number().check(z.int(), z.gte(1))),
    frameKey: frameKeySchema,
  }),
]);

/** The content script's answer to `chart.reread` (background → content script → background). */
export const rereadReplySchema = z.object({
  report: chartReportSchema,
  frameId: z.nullable(z.number().check(z.int(), z.gte(1))),
  frameKey: frameKeySchema,
  frameProblem: z.nullable(
    z.enum([
      'zoom',
      'transform',
      'opacity',
      'filter',
      'clip',
      'hidden',
      'covered',
      'offscreen',
      'moved',
      'missing',
    ]),
  ),
});

export type Request = z.infer<typeof requestSchema>;
