import { createSandbox, type Sandbox, type SandboxOptions } from '../../../lib/sandbox/index';

export const SECRET = '1a2b3c4d-5e6f-4a1b-8c2d-3e4f5a6b7c8d';
export const HOST = 'https://app.optionsautotrader.com';
export const BASE = `${HOST}/webhook/${SECRET}`;
/** A Wednesday, 10:00 in New York: listings are predictable around it. */
export const T0 = Date.UTC(2025, 0, 15, 15, 0, 0);

export function makeSandbox(opts: SandboxOptions = {}): Sandbox {
  return createSandbox({ secret: SECRET, now: () => T0, timeZone: 'UTC', seed: 7, ...opts });
}

export interface Answer {
  status: number;
  headers: Headers;
  text: string;
  // biome-ignore lint/suspicious/noExplicitAny: tests poke at untyped JSON answers
  json: any;
}

export function request(method: string, path: string, body?: unknown, base = BASE): Request {
  const init: RequestInit = { method };
  if (body !== undefined) {
    init.body = typeof body === 'string' ? body : JSON.stringify(body);
    init.headers = { 'content-type': 'application/json' };
  }
  return new Request(`${base}/${path}`, init);
}

export async function call(sandbox: Sandbox, method: string, path: string, body?: unknown): Promise<Answer> {
  const response = await sandbox.fetch(request(method, path, body));
  const text = await response.text();
  let json: unknown = null;
  try {
    json = JSON.parse(text);
  } catch {
    json = null;
  }
  return { status: response.status, headers: response.headers, text, json };
}

export async function openTrades(
  sandbox: Sandbox,
): Promise<{ id: number; symbol: string; strategy: string }[]> {
  const answer = await call(sandbox, 'GET', 'trades');
  return answer.json.trades;
}

export const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
