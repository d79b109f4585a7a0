/**
 * Ways the network and the service misbehave, so a client can be shown to cope: bodies that are
 * not what the contract says, answers that never finish, connections that drop.
 */

export const FAULT_KINDS = [
  'html502',
  'nonJson',
  'empty',
  'wrongTypes',
  'missingFields',
  'extraNesting',
  'huge',
  'neverEnds',
  'slow',
  'status429',
  'status500',
  'reset',
  'successFalse',
] as const;

export type FaultKind = (typeof FAULT_KINDS)[number];

export interface SandboxFault {
  kind: FaultKind;
  /** How many of the next matching requests it hits; omitted: every one until cleared. */
  count?: number;
  /** Which requests it hits: all (default), reads (GET) or orders (POST). */
  match?: 'all' | 'reads' | 'orders';
  /** `slow`: ms before the answer is sent (default 5000). */
  delayMs?: number;
  /** `status429`: Retry-After in seconds; omitted: no Retry-After header. */
  retryAfterSeconds?: number;
  /** `huge`: body size in bytes (default 5 MiB). */
  sizeBytes?: number;
  /**
   * Whether the request still reaches the account (an order is placed, the rate window counts it).
   * Default: FAULT_REACHES_ACCOUNT[kind].
   */
  reachesAccount?: boolean;
}

/**
 * Whether, by default, the request is still processed behind the fault. True where the failure is
 * plausibly after the order was taken (a proxy error, a dropped or stalled answer, a garbled 200):
 * exactly the cases a client must report as "outcome unknown". A 429 and an explicit refusal never
 * place anything.
 */
export const FAULT_REACHES_ACCOUNT: Readonly<Record<FaultKind, boolean>> = {
  html502: true,
  nonJson: true,
  empty: true,
  wrongTypes: true,
  missingFields: true,
  extraNesting: true,
  huge: true,
  neverEnds: true,
  slow: true,
  status429: false,
  status500: true,
  reset: true,
  successFalse: false,
};

/**
 * Set on a `reset` answer: a Node server seeing it must destroy the socket instead of answering.
 * In process, the answer's body errors when read, which is the nearest a Response can come.
 */
export const SOCKET_RESET_HEADER = 'x-sandbox-socket-reset';

export const isSocketReset = (response: Response): boolean =>
  response.headers.get(SOCKET_RESET_HEADER) === '1';

export function isFaultKind(value: unknown): value is FaultKind {
  return typeof value === 'string' && (FAULT_KINDS as readonly string[]).includes(value);
}

export function faultMatches(fault: SandboxFault, method: string): boolean {
  const match = fault.match ?? 'all';
  if (match === 'reads') return method === 'GET';
  if (match === 'orders') return method === 'POST';
  return true;
}

const HTML_502 =
  '<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n';

const jsonResponse = (body: unknown, status: number, headers: Record<string, string> = {}): Response =>
  new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json', ...headers } });

type Json = Record<string, unknown>;

const isObject = (value: unknown): value is Json =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Ids become objects, numbers become strings: what a careless serializer might send. */
function wrongTypes(value: unknown, key = ''): unknown {
  if (Array.isArray(value)) return value.map((item) => wrongTypes(item));
  if (isObject(value)) {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, wrongTypes(v, k)]));
  }
  if (key === 'id' || key === 'bot' || key === 'trade') return { value };
  if (typeof value === 'number') return String(value);
  return value;
}

const DROPPED_FIELDS = new Set(['id', 'user', 'name', 'profit_loss', 'entered_at']);

function missingFields(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(missingFields);
  if (isObject(value)) {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([k]) => !DROPPED_FIELDS.has(k))
        .map(([k, v]) => [k, missingFields(v)]),
    );
  }
  return value;
}

/** `{data: [...]}` becomes `{data: {data: [...]}}`; a body without a list is wrapped whole. */
function extraNesting(body: unknown): unknown {
  if (!isObject(body)) return { data: body };
  const lists = Object.entries(body).filter(([, v]) => Array.isArray(v));
  if (lists.length === 0) return { success: body.success, data: body };
  return Object.fromEntries(Object.entries(body).map(([k, v]) => [k, Array.isArray(v) ? { [k]: v } : v]));
}

const HUGE_DEFAULT = 5 * 1024 * 1024;

function huge(body: unknown, sizeBytes: number): string {
  const base = JSON.stringify(isObject(body) ? body : { data: body });
  const padding = Math.max(0, sizeBytes - base.length - 20);
  return `${base.slice(0, -1)}${base.length > 2 ? ',' : ''}"padding":"${'x'.repeat(padding)}"}`;
}

export function abortError(): DOMException {
  return new DOMException('The operation was aborted.', 'AbortError');
}

/**
 * Waits, unless the request is aborted first. Holds the Request itself, not just its signal: a
 * Request's signal follows the caller's through a weak link that dies with the Request, so once
 * the caller drops the Request an abort would otherwise never arrive.
 */
function sleep(ms: number, request: Request): Promise<void> {
  return new Promise((resolve, reject) => {
    if (request.signal.aborted) return reject(abortError());
    const timer = setTimeout(() => {
      request.signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = (): void => {
      clearTimeout(timer);
      reject(abortError());
    };
    request.signal.addEventListener('abort', onAbort, { once: true });
  });
}

export interface FaultInput {
  fault: SandboxFault;
  method: string;
  /** Held for as long as an answer may still be aborted (see `sleep`). */
  request: Request;
  /** The real answer, when the request reached the account. */
  real: Response | null;
  requestId(): string;
  /** The request's JSON body, for a made-up acceptance when the request did not reach the account. */
  requestBody: unknown;
}

async function realJson(input: FaultInput): Promise<{ status: number; body: unknown }> {
  if (input.real) {
    const text = await input.real.text();
    try {
      return { status: input.real.status, body: JSON.parse(text) };
    } catch {
      return { status: input.real.status, body: text };
    }
  }
  return { status: 200, body: { success: true, id: input.requestId(), payload: input.requestBody ?? null } };
}

export async function faultResponse(input: FaultInput): Promise<Response> {
  const { fault, request } = input;
  const encoder = new TextEncoder();
  switch (fault.kind) {
    case 'html502':
      return new Response(HTML_502, { status: 502, headers: { 'content-type': 'text/html' } });
    case 'nonJson':
      return new Response('OK - webhook received', {
        status: 200,
        headers: { 'content-type': 'text/plain' },
      });
    case 'empty':
      return new Response(null, { status: 200, headers: { 'content-type': 'application/json' } });
    case 'wrongTypes': {
      const { status, body } = await realJson(input);
      return jsonResponse(wrongTypes(body), status);
    }
    case 'missingFields': {
      const { status, body } = await realJson(input);
      return jsonResponse(missingFields(body), status);
    }
    case 'extraNesting': {
      const { status, body } = await realJson(input);
      return jsonResponse(extraNesting(body), status);
    }
    case 'huge': {
      const { status, body } = await realJson(input);
      return new Response(huge(body, fault.sizeBytes ?? HUGE_DEFAULT), {
        status,
        headers: { 'content-type': 'application/json' },
      });
    }
    case 'neverEnds': {
      // Headers and a first chunk arrive, then nothing: only a client-side timeout ends it.
      let onAbort = (): void => {};
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(encoder.encode('{"success":true,'));
          onAbort = () => controller.error(abortError());
          request.signal.addEventListener('abort', onAbort, { once: true });
        },
        // Also what keeps the Request alive for as long as the body is (see `sleep`).
        cancel() {
          request.signal.removeEventListener('abort', onAbort);
        },
      });
      return new Response(stream, { status: 200, headers: { 'content-type': 'application/json' } });
    }
    case 'slow': {
      const answer = input.real ?? jsonResponse((await realJson(input)).body, 200);
      await sleep(fault.delayMs ?? 5000, request);
      return answer;
    }
    case 'status429':
      return jsonResponse(
        { success: false, reason: 'Too Many Requests', message: 'Too Many Requests' },
        429,
        fault.retryAfterSeconds === undefined ? {} : { 'retry-after': String(fault.retryAfterSeconds) },
      );
    case 'status500':
      return jsonResponse({ message: 'Server Error' }, 500);
    case 'reset': {
      const stream = new ReadableStream<Uint8Array>({
        start(controller) {
          controller.error(new TypeError('The connection was reset.'));
        },
      });
      return new Response(stream, {
        status: 200,
        headers: { 'content-type': 'application/json', [SOCKET_RESET_HEADER]: '1' },
      });
    }
    case 'successFalse':
      return input.method === 'GET'
        ? jsonResponse(
            { success: false, reason: 'Service unavailable', message: 'Could not load account data.' },
            200,
          )
        : jsonResponse(
            {
              success: false,
              id: input.requestId(),
              reason: 'Broker error',
              message: 'The broker rejected the order: insufficient buying power.',
            },
            200,
          );
  }
}
