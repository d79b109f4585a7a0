import { execFile } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

const run = promisify(execFile);

/** Every host the browser under test must trust this certificate for. */
export const CERTIFICATE_HOSTS = ['www.tradingview.com', '*.tradingview.com', 'app.optionsautotrader.com'];

export interface Certificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate. */
  cert: string;
  dir: string;
}

const made = new Map<string, Promise<Certificate>>();
let runDir: string | undefined;

/** One temp dir per process for the certificate, removed when the process ends. */
function defaultDir(): string {
  if (!runDir) {
    const dir = mkdtempSync(join(tmpdir(), 'oat-cert-'));
    runDir = dir;
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
  }
  return runDir;
}

/**
 * A throwaway self-signed certificate for the TradingView and API hosts, made with `openssl` at
 * test time (nothing secret is committed) and made once per dir per run.
 */
export function makeCertificate(dir: string = defaultDir()): Promise<Certificate> {
  let pending = made.get(dir);
  if (!pending) {
    pending = generate(dir);
    made.set(dir, pending);
    // A failed openssl run must not poison later attempts with the same dir.
    pending.catch(() => made.delete(dir));
  }
  return pending;
}

async function generate(dir: string): Promise<Certificate> {
  mkdirSync(dir, { recursive: true });
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  const san = CERTIFICATE_HOSTS.map((host) => `DNS:${host}`).join(',');
  try {
    await run('openssl', [
      'req',
      '-x509',
      '-newkey',
      'ec',
      '-pkeyopt',
      'ec_paramgen_curve:prime256v1',
      '-nodes',
      '-keyout',
      keyPath,
      '-out',
      certPath,
      '-days',
      '2',
      '-subj',
      '/CN=www.tradingview.com',
      '-addext',
      `subjectAltName=${san}`,
    ]);
  } catch (error) {
    throw new Error(
      `openssl could not make the test certificate (is openssl installed?): ${(error as Error).message}`,
    );
  }
  return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), dir };
}
