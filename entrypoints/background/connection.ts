import { type Api, createApi } from '@/lib/api/client';
import type { Mode } from '@/lib/messaging/protocol';
import { createSandbox, PAPER_SECRET, type Sandbox } from '@/lib/sandbox';
import { modeSchema, readChecked, secretSchema } from '@/lib/storage/checked';
import {
  modeItem,
  paperAccountItem,
  type StoredSecret,
  secretItem,
  sessionSecretItem,
} from '@/lib/storage/items';

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
  /** Tests shorten the client's deadlines; the extension keeps the client's own. */
  timeoutMs?: number;
}) {
  let paper: Sandbox | null = null;

  async function paperSandbox(): Promise<Sandbox> {
    if (!paper) paper = createSandbox({ secret: PAPER_SECRET, state: await paperAccountItem.getValue() });
    return paper;
  }

  const paperFetch = async (request: Request): Promise<Response> => {
    const sandbox = await paperSandbox();
    const response = await sandbox.fetch(request);
    await paperAccountItem.setValue(sandbox.snapshot());
    return response;
  };

  async function storedSecret(): Promise<StoredSecret | null> {
    const session = await readChecked<StoredSecret | null>(sessionSecretItem, secretSchema, 'session secret');
    if (session) return session;
    return readChecked<StoredSecret | null>(secretItem, secretSchema, 'secret');
  }

  async function mode(): Promise<Mode> {
    return readChecked<Mode>(modeItem, modeSchema, 'mode');
  }

  function liveApi(secret: string): Api {
    return createApi({ baseUrl: LIVE_ORIGIN, secret, fetch: deps.liveFetch, timeoutMs: deps.timeoutMs });
  }

  return {
    mode,
    storedSecret,
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
