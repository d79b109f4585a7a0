/**
 * `npm run sandbox -- [--port N] [--secret S] [--seed N]`: the simulated Options Auto Trader
 * account over plain HTTP on 127.0.0.1, with its control routes under /__sandbox/*.
 * Prints the API URL with the secret: it is the developer's own throwaway test secret.
 *
 * The secret may come from OAT_SANDBOX_SECRET instead of --secret, so that it never shows in a
 * process list. `npm run sandbox` execs this one node process (tsx as a loader, no child), so the
 * SIGTERM or Ctrl-C that npm passes on reaches the server itself, which closes and frees the port.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { parseArgs } from 'node:util';
import { getRequestListener } from '@hono/node-server';
import { parseAccount } from '../lib/sandbox/account';
import { handleControl } from '../lib/sandbox/control';
import { createSandbox, isSocketReset } from '../lib/sandbox/index';

const { values } = parseArgs({
  options: {
    port: { type: 'string', default: '8787' },
    secret: { type: 'string' },
    seed: { type: 'string' },
  },
});

const port = Number(values.port);
if (!Number.isInteger(port) || port < 0 || port > 65535) {
  console.error(`--port must be 0-65535 (0 picks a free port), got ${values.port}`);
  process.exit(2);
}
const given = values.secret ?? process.env.OAT_SANDBOX_SECRET;
if (values.secret !== undefined) {
  console.warn('Note: --secret shows in the process list; OAT_SANDBOX_SECRET=... keeps it out of it.');
}
const secret = given || crypto.randomUUID();
let sandbox: ReturnType<typeof createSandbox>;
try {
  sandbox = createSandbox({
    secret,
    ...(values.seed === undefined ? {} : { seed: Number(values.seed) }),
  });
} catch (error) {
  console.error(error instanceof Error ? error.message : String(error));
  process.exit(2);
}

const listener = getRequestListener(
  async (request, env) => {
    const control = handleControl(sandbox, request);
    if (control) return control;
    const response = await sandbox.fetch(request);
    if (isSocketReset(response) && 'socket' in env.incoming) {
      // A dropped connection, not an answer: the client sees a network error. The erroring body
      // is swapped for nothing so the server does not log the simulated failure as its own.
      env.incoming.socket?.destroy();
      return new Response(null);
    }
    return response;
  },
  { overrideGlobalObjects: false },
);

const server = createServer((incoming, outgoing) => {
  void listener(incoming, outgoing);
});

server.listen(port, '127.0.0.1', () => {
  const address = server.address() as AddressInfo;
  const base = `http://127.0.0.1:${address.port}`;
  const bots = parseAccount(sandbox.snapshot())?.bots ?? [];
  console.info(`Sandbox API: ${base}/webhook/${secret}/...`);
  if (!given) console.info(`Secret (generated): ${secret}`);
  console.info('Bots:');
  for (const bot of bots) {
    console.info(`  ${bot.id}  ${bot.name}${bot.enabledForEntries ? '' : '  (not enabled for entries)'}`);
  }
  console.info(`Control: ${base}/__sandbox/state | requests | fault | advance | now | reset`);
});

function stop(signal: string): void {
  console.info(`Sandbox stopping (${signal}).`);
  server.close(() => process.exit(0));
  // Long-polling and never-ending fault answers would otherwise hold close() open.
  server.closeAllConnections();
  setTimeout(() => process.exit(0), 2000).unref();
}
process.once('SIGINT', () => stop('SIGINT'));
process.once('SIGTERM', () => stop('SIGTERM'));
