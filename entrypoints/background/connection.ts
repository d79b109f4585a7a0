import { type Api, createApi } from '@/lib/api/client';
import type { Mode } from '@/lib/messaging/protocol';
import { createSandbox, PAPER_SECRET, type Sandbox } from '@/lib/sandbox';
import { parseAccount } from '@/lib/sandbox/account';
import { addNotice } from '@/lib/storage/checked';
import { paperAccountItem, type StoredSecret } from '@/lib/storage/items';
import { words } from '@/lib/words';
import { createStore, type Store } from './store';

/** Where Live orders go. Host permission is granted for this origin only. */
export const LIVE_ORIGIN = 'https://app.optionsautotrader.com';
/** Paper requests never leave the worker; this origin is only a name for the simulator's URLs. */
const PAPER_ORIGIN = 'https://paper.invalid';

export interface Connection {
  mode: Mode;
  /** null in Live mode without a secret. */
  api: Api | null;
  /** The secret in use, so every text can be redacted against it. Never leaves the background. */
  secret: string | null;
}

/**
 * Paper or Live, and the API client for it. Paper runs the simulator inside the worker and
 * saves the simulated account after every request, so trades outlive the worker.
 */
export function createConnections(deps: {
  liveFetch: (request: Request) => Promise<Response>;
  /** The worker's mirror of stored state; one is made when none is given. */
  store?: Store;
  /** Tests shorten the client's deadlines; the extension keeps the client's own. */
  timeoutMs?: number;
  /** Whether a Live order's body goes as a stream now (stream-policy.ts); never, when not given. */
  streamOrderBody?: () => boolean;
}) {
  let paper: Sandbox | null = null;
  const store = deps.store ?? createStore();

  async function paperSandbox(): Promise<Sandbox> {
    if (!paper) {
      const saved = await paperAccountItem.getValue();
      if (saved !== null && parseAccount(saved) === null) {
        // The simulator would quietly start afresh; the trader must hear that their Paper book went.
        await addNotice(words('bgPaperAccountReset'));
      }
      paper = createSandbox({ secret: PAPER_SECRET, state: saved });
    }
    return paper;
  }

  const paperFetch = async (request: Request): Promise<Response> => {
    const sandbox = await paperSandbox();
    const response = await sandbox.fetch(request);
    await paperAccountItem.setValue(sandbox.snapshot());
    return response;
  };

  /** The secret in use and where it is kept; a malformed one counts as none, never half-read. */
  async function secretInfo(): Promise<{ secret: StoredSecret | null; sessionOnly: boolean }> {
    const session = await store.sessionSecret.get();
    if (session) return { secret: session, sessionOnly: true };
    return { secret: await store.secret.get(), sessionOnly: false };
  }

  async function storedSecret(): Promise<StoredSecret | null> {
    return (await secretInfo()).secret;
  }

  async function mode(): Promise<Mode> {
    return store.mode.get();
  }

  function liveApi(secret: string): Api {
    return createApi({
      baseUrl: LIVE_ORIGIN,
      secret,
      fetch: deps.liveFetch,
      timeoutMs: deps.timeoutMs,
      streamOrderBody: deps.streamOrderBody,
    });
  }

  return {
    store,
    mode,
    storedSecret,
    secretInfo,
    liveApi,
    async current(): Promise<Connection> {
      const m = await mode();
      if (m === 'paper') {
        return {
          mode: m,
          secret: PAPER_SECRET,
          api: createApi({
            baseUrl: PAPER_ORIGIN,
            secret: PAPER_SECRET,
            fetch: paperFetch,
            timeoutMs: deps.timeoutMs,
          }),
        };
      }
      const secret = await storedSecret();
      return { mode: m, secret: secret?.value ?? null, api: secret ? liveApi(secret.value) : null };
    },
    /** Forget the in-memory simulator so the next Paper request reloads it from storage. */
    dropPaper(): void {
      paper = null;
    },
  };
}

export type Connections = ReturnType<typeof createConnections>;
