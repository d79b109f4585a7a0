import { words } from '../words';
import type { Failure } from './errors';
import { apiError, orderOutcome } from './errors';
import { describeSecretProblem, isSecretShape } from './redact';
import type { ReadResult } from './schemas';
import {
  botsAnswerSchema,
  openTradesSchema,
  orderAcceptedSchema,
  readAnswer,
  readFailureAnswer,
} from './schemas';
import type {
  ApiResult,
  BotsAnswer,
  FieldProblem,
  OpenTrade,
  Order,
  OrderAccepted,
  OrderCall,
  OrderOutcome,
} from './types';
import { orderCall, validateOrder } from './validate';

/**
 * The only code that talks to the Webhook API. It never retries and never throws: every failure is
 * an ApiResult error whose text is safe to show, because a retried order can double a position.
 */

export interface ApiOptions {
  /** e.g. `https://app.optionsautotrader.com`, or a local sandbox. */
  baseUrl: string;
  secret: string;
  fetch: (request: Request) => Promise<Response>;
  /** Overrides both defaults (10 s for reads, 15 s for orders). */
  timeoutMs?: number;
  now?: () => number;
  /**
   * Send this order's body as a stream (`duplex: 'half'`)? Asked per order. A browser resends a
   * POST whose reused connection fails before any answer; it cannot resend a stream, so the drop
   * comes back as a failure, journalled "outcome unknown", never as a silent second order. Only
   * over HTTP/2 or 3 (streamed uploads are refused over HTTP/1.1); the caller knows which it is.
   */
  streamOrderBody?: () => boolean;
}

/** Per order: the journal id, sent as `Idempotency-Key` (harmless until the provider honours it). */
export interface OrderSendOptions {
  idempotencyKey?: string;
}

/**
 * Whether this browser can send a request body as a stream: the standard feature test (a browser
 * that does not know `duplex` never reads it, and would turn the stream into the text "[object
 * ReadableStream]" with a Content-Type).
 */
export function canStreamRequestBodies(): boolean {
  try {
    let duplexRead = false;
    const init = {
      method: 'POST',
      body: new ReadableStream(),
      get duplex() {
        duplexRead = true;
        return 'half';
      },
    };
    const hasContentType = new Request('https://example.invalid/', init as RequestInit).headers.has(
      'Content-Type',
    );
    return duplexRead && !hasContentType;
  } catch {
    return false;
  }
}

function streamOf(text: string): ReadableStream<Uint8Array> {
  const bytes = new TextEncoder().encode(text);
  return new ReadableStream({
    start(controller) {
      if (bytes.byteLength > 0) controller.enqueue(bytes);
      controller.close();
    },
  });
}

export interface PlacedOrder {
  outcome: OrderOutcome;
  result: ApiResult<OrderAccepted>;
  /** `POST enter/1234567`: the call without the secret, for the journal. */
  call: string;
  body: Record<string, unknown> | null;
  latencyMs: number;
}

export interface Api {
  getBots(): Promise<ApiResult<BotsAnswer>>;
  getTrades(): Promise<ApiResult<OpenTrade[]>>;
  placeOrder(order: Order, send?: OrderSendOptions): Promise<PlacedOrder>;
}

export const READ_TIMEOUT_MS = 10_000;
export const ORDER_TIMEOUT_MS = 15_000;
/** Real answers are a few kB; past this something is wrong and we stop reading. */
export const MAX_ANSWER_BYTES = 1_000_000;

type Exchange =
  | { type: 'answer'; status: number; retryAfter: string | null; text: string }
  | { type: 'tooBig'; status: number }
  | { type: 'network' }
  | { type: 'timeout' };

const ignore = () => {};

/** Read the whole body, up to the cap; cancelled when the deadline aborts. */
async function readBody(response: Response, signal: AbortSignal): Promise<Exchange> {
  const { status } = response;
  const retryAfter = response.headers.get('retry-after');
  if (!response.body) return { type: 'answer', status, retryAfter, text: '' };
  const reader = response.body.getReader();
  const cancel = () => {
    reader.cancel().catch(ignore);
  };
  signal.addEventListener('abort', cancel, { once: true });
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      size += value.byteLength;
      if (size > MAX_ANSWER_BYTES) {
        cancel();
        return { type: 'tooBig', status };
      }
      chunks.push(value);
    }
  } catch {
    return signal.aborted ? { type: 'timeout' } : { type: 'network' };
  } finally {
    signal.removeEventListener('abort', cancel);
  }
  const bytes = new Uint8Array(size);
  let at = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, at);
    at += chunk.byteLength;
  }
  return { type: 'answer', status, retryAfter, text: new TextDecoder().decode(bytes) };
}

function parseJson(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text) };
  } catch {
    return { ok: false };
  }
}

function unreadable(text: string, status: number): string {
  const start = text.trimStart().slice(0, 200).toLowerCase();
  if (start === '') return words('apiAnswerEmpty', status);
  if (start.startsWith('<') || start.includes('<html')) return words('apiAnswerWebPage', status);
  return words('apiAnswerNotJson', status);
}

const isSuccessStatus = (status: number) => status >= 200 && status < 300;

export function createApi(opts: ApiOptions): Api {
  const baseUrl = opts.baseUrl.replace(/\/+$/, '');
  const { secret } = opts;
  const now = opts.now ?? Date.now;

  async function exchange(
    method: 'GET' | 'POST',
    path: string,
    body: unknown,
    ms: number,
    extra: { headers?: Record<string, string>; stream?: boolean } = {},
  ): Promise<Exchange> {
    const controller = new AbortController();
    let timer: ReturnType<typeof setTimeout> | undefined;
    // One deadline for connecting and reading: a body that never ends must time out too.
    const deadline = new Promise<Exchange>((resolve) => {
      timer = setTimeout(() => {
        resolve({ type: 'timeout' });
        controller.abort();
      }, ms);
    });
    const work = (async (): Promise<Exchange> => {
      let response: Response;
      try {
        const headers: Record<string, string> = { Accept: 'application/json', ...extra.headers };
        if (body !== undefined) headers['Content-Type'] = 'application/json';
        const text = body === undefined ? null : JSON.stringify(body);
        // A body-less order streams an empty body: what makes the request impossible to resend is the stream.
        const streamed =
          extra.stream === true ? { body: streamOf(text ?? ''), duplex: 'half' as const } : null;
        const init: RequestInit & { duplex?: 'half' } = {
          method,
          headers,
          body: streamed ? streamed.body : text,
          signal: controller.signal,
          cache: 'no-store',
          // The trader's dashboard login must not ride along; a redirected POST would be resent as a GET.
          credentials: 'omit',
          redirect: 'error',
          referrerPolicy: 'no-referrer',
        };
        if (streamed) init.duplex = streamed.duplex;
        const request = new Request(`${baseUrl}/webhook/${encodeURIComponent(secret)}/${path}`, init);
        response = await opts.fetch(request);
      } catch {
        return controller.signal.aborted ? { type: 'timeout' } : { type: 'network' };
      }
      return readBody(response, controller.signal);
    })();
    try {
      return await Promise.race([work, deadline]);
    } finally {
      clearTimeout(timer);
    }
  }

  function interpret<T>(
    exchanged: Exchange,
    read: (body: unknown) => ReadResult<T>,
    context: { call: 'read' | 'order'; subject?: 'bot' | 'trade' },
    ms: number,
  ): ApiResult<T> {
    const fail = (failure: Failure): ApiResult<T> => ({
      ok: false,
      error: apiError(failure, { ...context, secret, now: now() }),
    });
    switch (exchanged.type) {
      case 'network':
        return fail({ type: 'network' });
      case 'timeout':
        return fail({ type: 'timeout', ms });
      case 'tooBig':
        return fail({
          type: 'badResponse',
          status: exchanged.status,
          problem: words('apiAnswerTooBig', MAX_ANSWER_BYTES / 1_000_000, exchanged.status),
        });
    }
    const { status, text, retryAfter } = exchanged;
    const json = parseJson(text);
    if (!isSuccessStatus(status)) {
      return fail({
        type: 'status',
        status,
        retryAfter,
        answer: json.ok ? readFailureAnswer(json.value) : null,
      });
    }
    if (!json.ok) return fail({ type: 'badResponse', status, problem: unreadable(text, status) });
    const refusal = readFailureAnswer(json.value);
    if (refusal) return fail({ type: 'rejected', status, answer: refusal });
    const parsed = read(json.value);
    if (!parsed.ok) return fail({ type: 'badResponse', status, problem: parsed.problem });
    return { ok: true, value: parsed.value, status };
  }

  const secretProblem = (): Failure | null => {
    if (isSecretShape(secret)) return null;
    return {
      type: 'invalid',
      fields: [{ field: 'secret', message: describeSecretProblem(secret) ?? words('fieldSecretCheck') }],
    };
  };

  async function getJson<T>(path: string, read: (body: unknown) => ReadResult<T>): Promise<ApiResult<T>> {
    const badSecret = secretProblem();
    if (badSecret) return { ok: false, error: apiError(badSecret, { call: 'read', secret }) };
    const ms = opts.timeoutMs ?? READ_TIMEOUT_MS;
    return interpret(await exchange('GET', path, undefined, ms), read, { call: 'read' }, ms);
  }

  return {
    getBots: () => getJson('bots', (body) => readAnswer(botsAnswerSchema, body)),
    getTrades: () => getJson('trades', (body) => readAnswer(openTradesSchema, body)),

    async placeOrder(order: Order, send: OrderSendOptions = {}): Promise<PlacedOrder> {
      let shape: OrderCall | undefined;
      let problems: FieldProblem[] = [];
      try {
        problems = validateOrder(order);
        shape = orderCall(order);
      } catch {
        // Only a malformed order gets here: the problems found so far (or the "kind" one below) say why.
      }
      const call = `POST ${shape?.path ?? '?'}`;
      const body = shape?.body ?? null;
      if (!shape && problems.length === 0) {
        problems.push({ field: 'kind', message: words('fieldOrderUnknown') });
      }
      const refusal = problems.length > 0 ? { type: 'invalid' as const, fields: problems } : secretProblem();
      if (refusal || !shape) {
        const error = apiError(refusal ?? { type: 'invalid', fields: problems }, { call: 'order', secret });
        return { outcome: 'refused', result: { ok: false, error }, call, body, latencyMs: 0 };
      }
      const subject =
        order.kind === 'exitTrade' || order.kind === 'closeTrade' || order.kind === 'trimTrade'
          ? 'trade'
          : 'bot';
      const ms = opts.timeoutMs ?? ORDER_TIMEOUT_MS;
      const started = now();
      const exchanged = await exchange(shape.method, shape.path, shape.body, ms, {
        headers: send.idempotencyKey ? { 'Idempotency-Key': send.idempotencyKey } : {},
        stream: opts.streamOrderBody?.() === true,
      });
      const latencyMs = Math.max(0, now() - started);
      const result = interpret(
        exchanged,
        (answer) => readAnswer(orderAcceptedSchema, answer),
        { call: 'order', subject },
        ms,
      );
      return { outcome: orderOutcome(result), result, call, body, latencyMs };
    },
  };
}
