import { createReadStream, existsSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createSecureServer, type Http2ServerRequest } from 'node:http2';
import { createServer } from 'node:https';
import type { AddressInfo, Socket } from 'node:net';
import { extname, join, resolve, sep } from 'node:path';
import { Readable } from 'node:stream';
import type { ReadableStream as NodeReadableStream } from 'node:stream/web';
import { fileURLToPath } from 'node:url';
import { isSocketReset, type Sandbox, type SandboxRequestRecord } from '../../../lib/sandbox';
import { handleControl } from '../../../lib/sandbox/control';
import { makeCertificate } from './certificate';
import { SITE_HOSTS, sitePage } from './site-pages';

/** The repository root, whatever the working directory of the runner. */
export const REPO_ROOT = resolve(fileURLToPath(new URL('.', import.meta.url)), '../../..');

export const API_HOST = 'app.optionsautotrader.com';
export const CHART_HOST = 'www.tradingview.com';

export interface StartServerOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Answers the API host, `/__sandbox/*` control routes included. */
  sandbox: Sandbox;
  /**
   * Serve HTTP/2 (HTTP/1.1 still for clients that do not offer h2), as the real service does: the
   * extension streams order bodies over HTTP/2 only, which is what stops Chromium's resend.
   */
  http2?: boolean;
}

export interface TestServer {
  port: number;
  /** `https://127.0.0.1:PORT`: reach it with a Host header, or through the browser's host mapping. */
  url: string;
  sandbox: Sandbox;
  close(): Promise<void>;
}

/** Every API request the sandbox saw so far (secret redacted), oldest first. */
export function sandboxRequests(server: { sandbox: Sandbox }): SandboxRequestRecord[] {
  return server.sandbox.control.requests();
}

const CONTENT_TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ico': 'image/x-icon',
  '.txt': 'text/plain; charset=utf-8',
};

const PLAIN_PAGE =
  '<!doctype html><html lang="en"><head><meta charset="utf-8"><title>plain</title></head>' +
  '<body><p id="plain">A plain page with no chart, for fetch baselines.</p></body></html>';

/**
 * One https server for every host the extension talks to, routed by Host header:
 * the API host goes to the sandbox, TradingView hosts get the demo chart pages.
 */
export async function startServer(options: StartServerOptions): Promise<TestServer> {
  const { key, cert } = await makeCertificate();
  const sockets = new Set<Socket>();
  const handler = (req: IncomingMessage, res: ServerResponse) => {
    route(req, res, options.sandbox).catch((error: unknown) => {
      if (!res.headersSent) {
        res.writeHead(500, { 'content-type': 'text/plain; charset=utf-8' });
        res.end(`test server error: ${(error as Error).message}`);
      } else {
        res.destroy();
      }
    });
  };
  const server = options.http2
    ? createSecureServer({ key, cert, allowHTTP1: true }, (req, res) =>
        // The compatibility API is the same request/response shape as https's.
        handler(req as unknown as IncomingMessage, res as unknown as ServerResponse),
      )
    : createServer({ key, cert }, handler);
  // Keep-alive sockets would hold close() open until the browser lets go of them.
  server.on('secureConnection', (socket: Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  });
  // A socket destroyed mid-TLS (reset faults, browsers closing) is normal here.
  server.on('tlsClientError', () => {});

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => {
      server.off('error', fail);
      ok();
    });
  });
  const port = (server.address() as AddressInfo).port;
  return {
    port,
    url: `https://127.0.0.1:${port}`,
    sandbox: options.sandbox,
    close: () =>
      new Promise<void>((ok) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => ok());
      }),
  };
}

function hostOf(req: IncomingMessage): string {
  // HTTP/2 names the host in its :authority pseudo-header.
  const authority = req.headers[':authority'];
  const host = req.headers.host ?? (typeof authority === 'string' ? authority : '');
  // Strip a port; IPv6 literals are not routed anyway.
  return host.replace(/:\d+$/, '').toLowerCase();
}

async function route(req: IncomingMessage, res: ServerResponse, sandbox: Sandbox): Promise<void> {
  const host = hostOf(req);
  if (host === API_HOST) {
    const request = toFetchRequest(req, res, host);
    const response = await (handleControl(sandbox, request) ?? sandbox.fetch(request));
    if (isSocketReset(response)) {
      // The sandbox's 'reset' fault: cut the connection with no answer at all (over HTTP/2, the
      // whole session: the connection, as a dropped network does).
      const h2 = (req as unknown as Partial<Http2ServerRequest>).stream;
      if (h2) h2.session?.destroy();
      else req.socket.destroy();
      return;
    }
    await writeFetchResponse(response, res);
    return;
  }
  if (host === CHART_HOST || host.endsWith('.tradingview.com')) {
    serveChartHost(req, res);
    return;
  }
  if (SITE_HOSTS.includes(host)) {
    send(res, 200, 'text/html; charset=utf-8', sitePage(host, req.url ?? '/'));
    return;
  }
  res.writeHead(421, { 'content-type': 'text/plain; charset=utf-8' });
  res.end(`421 Misdirected Request: this test server does not serve ${host || 'requests without a Host'}`);
}

function toFetchRequest(req: IncomingMessage, res: ServerResponse, host: string): Request {
  const headers = new Headers();
  for (const [name, value] of Object.entries(req.headers)) {
    if (value === undefined || name.startsWith(':')) continue;
    for (const one of Array.isArray(value) ? value : [value]) headers.append(name, one);
  }
  const method = req.method ?? 'GET';
  const hasBody = method !== 'GET' && method !== 'HEAD';
  // A client that hangs up aborts the request, which ends the sandbox's slow and endless answers.
  const hangUp = new AbortController();
  res.once('close', () => {
    if (!res.writableFinished) hangUp.abort();
  });
  const init: RequestInit & { duplex?: 'half' } = { method, headers, signal: hangUp.signal };
  if (hasBody) {
    init.body = Readable.toWeb(req) as ReadableStream<Uint8Array>;
    // Node's fetch needs this to take a streamed request body.
    init.duplex = 'half';
  }
  return new Request(`https://${host}${req.url ?? '/'}`, init);
}

async function writeFetchResponse(response: Response, res: ServerResponse): Promise<void> {
  const headers: Record<string, string | string[]> = {};
  response.headers.forEach((value, name) => {
    if (name !== 'set-cookie') headers[name] = value;
  });
  const cookies = response.headers.getSetCookie();
  if (cookies.length > 0) headers['set-cookie'] = cookies;
  res.writeHead(response.status, response.statusText, headers);
  if (!response.body) {
    res.end();
    return;
  }
  const body = Readable.fromWeb(response.body as NodeReadableStream<Uint8Array>);
  await new Promise<void>((ok, fail) => {
    body.on('error', (error) => {
      // A body that fails midway is how a sandbox cuts a connection after the headers.
      res.destroy();
      fail(error);
    });
    res.on('close', ok);
    body.pipe(res);
  });
}

function serveChartHost(req: IncomingMessage, res: ServerResponse): void {
  const path = decodeURIComponent(new URL(req.url ?? '/', 'https://x').pathname);
  if (path === '/plain' || path === '/plain/') {
    send(res, 200, 'text/html; charset=utf-8', PLAIN_PAGE);
    return;
  }
  if (path.startsWith('/chart/')) {
    sendFile(res, join(REPO_ROOT, 'demo', 'chart', 'index.html'));
    return;
  }
  if (path === '/vendor/lightweight-charts.js') {
    sendFile(
      res,
      join(
        REPO_ROOT,
        'node_modules',
        'lightweight-charts',
        'dist',
        'lightweight-charts.standalone.production.js',
      ),
    );
    return;
  }
  if (path.startsWith('/demo/')) {
    const demoRoot = join(REPO_ROOT, 'demo');
    const file = resolve(demoRoot, `.${path.slice('/demo'.length)}`);
    if (file !== demoRoot && !file.startsWith(demoRoot + sep)) {
      send(res, 403, 'text/plain; charset=utf-8', 'outside demo/');
      return;
    }
    sendFile(res, file);
    return;
  }
  send(res, 404, 'text/plain; charset=utf-8', `not found: ${path}`);
}

function send(res: ServerResponse, status: number, type: string, body: string): void {
  res.writeHead(status, { 'content-type': type, 'cache-control': 'no-store' });
  res.end(body);
}

function sendFile(res: ServerResponse, file: string): void {
  if (!existsSync(file) || !statSync(file).isFile()) {
    send(res, 404, 'text/plain; charset=utf-8', `not found: ${file.slice(REPO_ROOT.length)}`);
    return;
  }
  res.writeHead(200, {
    'content-type': CONTENT_TYPES[extname(file)] ?? 'application/octet-stream',
    'cache-control': 'no-store',
  });
  createReadStream(file).pipe(res);
}
