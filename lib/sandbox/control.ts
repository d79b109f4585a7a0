import { Hono } from 'hono/tiny';
import * as z from 'zod/mini';
import { FAULT_KINDS } from './faults';
import type { Sandbox } from './index';

/**
 * The sandbox's control over HTTP, under `/__sandbox/*`, for the Node servers only (`npm run
 * sandbox` and the https test harness). Never mounted in the extension: Paper mode has no use for
 * faults, and nothing on a web page should be able to reach them.
 *
 *   GET    /__sandbox/state            { now, fault, faultKinds, account }
 *   GET    /__sandbox/requests         the request log (secret redacted)
 *   DELETE /__sandbox/requests         clears it
 *   GET    /__sandbox/fault            the armed fault or null
 *   POST   /__sandbox/fault            { kind, count?, match?, delayMs?, retryAfterSeconds?, sizeBytes?, reachesAccount? } or null
 *   DELETE /__sandbox/fault            clears it
 *   POST   /__sandbox/advance          { ms }: moves the clock forward
 *   POST   /__sandbox/now              { ms }: sets the clock
 *   POST   /__sandbox/reset            fresh seeded account, empty log, no fault
 *   POST   /__sandbox/rate/clear       forgets the rate window and block
 *   POST   /__sandbox/trades/:id/close closes a trade as a managed bot would
 */

export const CONTROL_PREFIX = '/__sandbox';

const faultSchema = z.nullable(
  z.object({
    kind: z.enum(FAULT_KINDS),
    count: z.optional(z.number().check(z.int(), z.gte(1))),
    match: z.optional(z.enum(['all', 'reads', 'orders'])),
    delayMs: z.optional(z.number().check(z.gte(0))),
    retryAfterSeconds: z.optional(z.number().check(z.int(), z.gte(0))),
    sizeBytes: z.optional(z.number().check(z.int(), z.gte(0))),
    reachesAccount: z.optional(z.boolean()),
  }),
);

const msSchema = z.object({ ms: z.number().check(z.refine(Number.isFinite)) });

async function readJson(request: Request): Promise<unknown> {
  const text = await request.text();
  if (text.trim() === '') return undefined;
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

export function controlRoutes(sandbox: Sandbox): Hono {
  const app = new Hono();
  const { control } = sandbox;
  const bad = (message: string): Response => Response.json({ ok: false, message }, { status: 400 });
  const state = () => ({
    now: control.now(),
    fault: control.fault(),
    faultKinds: control.faultKinds,
    account: sandbox.snapshot(),
  });

  app.get(`${CONTROL_PREFIX}/state`, (c) => c.json(state()));
  app.get(`${CONTROL_PREFIX}/requests`, (c) => c.json(control.requests()));
  app.delete(`${CONTROL_PREFIX}/requests`, (c) => {
    control.clearRequests();
    return c.json({ ok: true });
  });
  app.get(`${CONTROL_PREFIX}/fault`, (c) =>
    c.json({ fault: control.fault(), faultKinds: control.faultKinds }),
  );
  app.post(`${CONTROL_PREFIX}/fault`, async (c) => {
    const parsed = faultSchema.safeParse((await readJson(c.req.raw)) ?? null);
    if (!parsed.success)
      return bad(`A fault is { kind: ${FAULT_KINDS.join(' | ')}, count?, match?, ... } or null.`);
    control.setFault(parsed.data);
    return c.json({ ok: true, fault: control.fault() });
  });
  app.delete(`${CONTROL_PREFIX}/fault`, (c) => {
    control.setFault(null);
    return c.json({ ok: true, fault: null });
  });
  app.post(`${CONTROL_PREFIX}/advance`, async (c) => {
    const parsed = msSchema.safeParse(await readJson(c.req.raw));
    if (!parsed.success) return bad('Send { "ms": number }.');
    control.advance(parsed.data.ms);
    return c.json({ ok: true, now: control.now() });
  });
  app.post(`${CONTROL_PREFIX}/now`, async (c) => {
    const parsed = msSchema.safeParse(await readJson(c.req.raw));
    if (!parsed.success) return bad('Send { "ms": number }.');
    control.setNow(parsed.data.ms);
    return c.json({ ok: true, now: control.now() });
  });
  app.post(`${CONTROL_PREFIX}/reset`, (c) => {
    control.reset();
    return c.json({ ok: true, ...state() });
  });
  app.post(`${CONTROL_PREFIX}/rate/clear`, (c) => {
    control.clearRateLimit();
    return c.json({ ok: true });
  });
  app.post(`${CONTROL_PREFIX}/trades/:id/close`, (c) => {
    const closed = control.closeTrade(Number(c.req.param('id')));
    return c.json({ ok: closed }, closed ? 200 : 404);
  });
  app.notFound(() =>
    Response.json({ ok: false, message: 'Unknown sandbox control route.' }, { status: 404 }),
  );
  return app;
}

/**
 * Answers a control request, or null when the request is not one (so the caller passes it on to
 * `sandbox.fetch`). The routes are built once per sandbox.
 */
export function handleControl(sandbox: Sandbox, request: Request): Promise<Response> | null {
  if (!new URL(request.url).pathname.startsWith(`${CONTROL_PREFIX}/`)) return null;
  let routes = routesBySandbox.get(sandbox);
  if (!routes) {
    routes = controlRoutes(sandbox);
    routesBySandbox.set(sandbox, routes);
  }
  return Promise.resolve(routes.fetch(request));
}

const routesBySandbox = new WeakMap<Sandbox, Hono>();
