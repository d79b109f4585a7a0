import { type AccountState, type Calendar, calendar, closeTrade, parseAccount, seedAccount } from './account';
import { createApi, isSecretShaped } from './api';
import {
  FAULT_KINDS,
  FAULT_REACHES_ACCOUNT,
  type FaultKind,
  faultMatches,
  faultResponse,
  type SandboxFault,
} from './faults';

/**
 * A simulated Options Auto Trader account behind the Webhook API. The same object serves Paper
 * mode inside the extension's service worker, the https test harness and `npm run sandbox`, so it
 * uses only web APIs (fetch types, streams, crypto.randomUUID) and no Node modules.
 */

export {
  DEMO_BINDINGS,
  DEMO_USER,
  DISABLED_BOT,
  GENERIC_BOT,
  QQQ_SHORT_PUT_BOT,
  SPX_IRON_CONDOR_BOT,
  SPY_CREDIT_SPREAD_BOT,
} from './account';
export { BLOCK_MS, RATE_LIMIT, RATE_WINDOW_MS } from './api';
export {
  FAULT_KINDS,
  FAULT_REACHES_ACCOUNT,
  type FaultKind,
  isSocketReset,
  type SandboxFault,
  SOCKET_RESET_HEADER,
} from './faults';

export interface SandboxOptions {
  /** The account's secret; Paper mode inside the extension passes PAPER_SECRET. */
  secret?: string;
  /** Injectable clock (ms epoch); default Date.now. */
  now?: () => number;
  /** A previously saved account (from sandbox.snapshot()); invalid -> fresh seeded account. */
  state?: unknown;
  /** Deterministic P&L movement. A restored account keeps the seed it was saved with. */
  seed?: number;
  /**
   * IANA zone for `entered_at` and for which day it is (listings). Default: the runtime's own
   * zone, so a Paper trade's age reads right in the trader's browser. Tests pin 'UTC'.
   */
  timeZone?: string;
}

/** One request as the sandbox saw it. */
export interface SandboxRequestRecord {
  method: string;
  /** e.g. `/webhook/{secret}/enter/4821937`: the secret segment is always redacted. */
  path: string;
  /** Parsed JSON body, the raw text when it is not JSON, or null without a body. */
  body: unknown;
  /** ms epoch by the sandbox's clock. */
  at: number;
  /** The status answered; 0 for a `reset` (no answer at all). */
  status: number;
  /** The fault applied to it, if any. */
  fault: FaultKind | null;
}

export interface SandboxControl {
  /** The sandbox's current time (the injected clock plus any offset). */
  now(): number;
  /** Moves the clock to `ms` (by offsetting the injected clock). */
  setNow(ms: number): void;
  advance(ms: number): void;
  requests(): SandboxRequestRecord[];
  clearRequests(): void;
  /** Arms a fault (see SandboxFault.count/match), or clears it with null. */
  setFault(fault: SandboxFault | null): void;
  /** The armed fault with its remaining count, or null. */
  fault(): SandboxFault | null;
  readonly faultKinds: readonly FaultKind[];
  /** A fresh seeded account (same seed), empty rate window, no fault, empty log. The clock is kept. */
  reset(): void;
  /** Closes a trade as a managed bot would by its own rules, outside any API call. */
  closeTrade(tradeId: number): boolean;
  /** Forgets the rate window and any block. */
  clearRateLimit(): void;
}

export interface Sandbox {
  /** The API: /webhook/{secret}/bots|trades|enter[/id]|exit[/id]. */
  fetch(request: Request): Promise<Response>;
  /** JSON-serialisable account state (bots, trades, rate window, block). */
  snapshot(): unknown;
  /** For tests and tools only (faults, clock, request log); not reachable through the API. */
  control: SandboxControl;
}

/** The fixed secret of the Paper account. Not a real account's: it only ever reaches the sandbox. */
export const PAPER_SECRET = '0000aaaa-7061-7065-7200-73616e64626f';

/** Older entries are dropped so a long-running Paper sandbox does not grow without bound. */
const LOG_CAP = 1000;
const DEFAULT_SEED = 20241112;
const GARBLES_REAL_ANSWER: ReadonlySet<FaultKind> = new Set([
  'wrongTypes',
  'missingFields',
  'extraNesting',
  'huge',
  'slow',
]);

const redactPath = (pathname: string): string => pathname.replace(/^\/webhook\/[^/]*/, '/webhook/{secret}');

function parseBody(text: string): unknown {
  if (text === '') return null;
  try {
    return JSON.parse(text);
  } catch {
    return text;
  }
}

export function createSandbox(opts: SandboxOptions = {}): Sandbox {
  const secret = opts.secret ?? PAPER_SECRET;
  if (!isSecretShaped(secret)) throw new TypeError('A sandbox secret must be 36 characters, 8-4-4-4-12.');
  const baseNow = opts.now ?? Date.now;
  let offset = 0;
  const now = (): number => baseNow() + offset;
  const cal: Calendar = calendar(opts.timeZone);
  const seed = opts.seed ?? DEFAULT_SEED;

  let account: AccountState = parseAccount(opts.state) ?? seedAccount(seed, now(), cal.day);
  let log: SandboxRequestRecord[] = [];
  let armed: SandboxFault | null = null;

  const requestId = (): string => crypto.randomUUID();
  const api = createApi({ secret, now, account: () => account, calendar: cal, requestId });

  /** Takes one use of the armed fault for this request, if it applies. */
  const takeFault = (method: string): SandboxFault | null => {
    if (!armed || !faultMatches(armed, method)) return null;
    const fault = armed;
    if (fault.count !== undefined) {
      const left = fault.count - 1;
      armed = left > 0 ? { ...fault, count: left } : null;
    }
    return fault;
  };

  const control: SandboxControl = {
    now,
    setNow(ms) {
      offset = ms - baseNow();
    },
    advance(ms) {
      offset += ms;
    },
    requests: () => log.map((entry) => ({ ...entry })),
    clearRequests() {
      log = [];
    },
    setFault(fault) {
      armed = fault && (fault.count === undefined || fault.count > 0) ? { ...fault } : null;
    },
    fault: () => (armed ? { ...armed } : null),
    faultKinds: FAULT_KINDS,
    reset() {
      account = seedAccount(account.seed, now(), cal.day);
      log = [];
      armed = null;
    },
    closeTrade: (tradeId) => closeTrade(account, tradeId),
    clearRateLimit() {
      account.rate = { sent: [], blockedUntil: null };
    },
  };

  return {
    async fetch(request) {
      const url = new URL(request.url);
      const text = request.method === 'GET' || request.method === 'HEAD' ? '' : await request.clone().text();
      const record: SandboxRequestRecord = {
        method: request.method,
        path: redactPath(url.pathname),
        body: parseBody(text),
        at: now(),
        status: 0,
        fault: null,
      };
      log.push(record);
      if (log.length > LOG_CAP) log = log.slice(-LOG_CAP);

      const fault = takeFault(request.method);
      if (!fault) {
        const response = await api.fetch(request);
        record.status = response.status;
        return response;
      }
      record.fault = fault.kind;
      const reaches = fault.reachesAccount ?? FAULT_REACHES_ACCOUNT[fault.kind];
      // Garbling a read needs the real read; a read changes nothing but the rate window.
      const needsReal = reaches || (request.method === 'GET' && GARBLES_REAL_ANSWER.has(fault.kind));
      const real = needsReal ? await api.fetch(request) : null;
      const response = await faultResponse({
        fault,
        method: request.method,
        request,
        real,
        requestId,
        requestBody: record.body,
      });
      record.status = fault.kind === 'reset' ? 0 : response.status;
      return response;
    },
    snapshot: () => structuredClone(account),
    control,
  };
}
