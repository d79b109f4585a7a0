import { execFile } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { SITE_HOSTS } from './site-pages';

const run = promisify(execFile);

/** Every host the browser under test must trust this certificate for. */
export const CERTIFICATE_HOSTS = [
  'www.tradingview.com',
  '*.tradingview.com',
  'app.optionsautotrader.com',
  // The other charting sites (tests/browser/harness/site-pages.ts).
  ...SITE_HOSTS,
];

export interface Certificate {
  /** PEM private key. */
  key: string;
  /** PEM self-signed certificate. */
  cert: string;
  /** Where openssl wrote it; already removed for a certificate made without a dir. */
  dir: string;
}

const made = new Map<string, Promise<Certificate>>();
const IN_MEMORY = '';

/**
 * A throwaway self-signed certificate for the TradingView and API hosts, made with `openssl` at
 * test time (nothing secret is committed). Without a dir it is made in a temp dir that is removed at
 * once (test workers can be killed before any exit hook runs) and kept in memory for the process;
 * with a dir, the files there are reused, so several processes of one run can share them.
 */
export function makeCertificate(dir?: string): Promise<Certificate> {
  const key = dir ?? IN_MEMORY;
  let pending = made.get(key);
  if (!pending) {
    pending = dir ? reuseOrGenerate(dir) : generateInTemp();
    made.set(key, pending);
    // A failed openssl run must not poison later attempts.
    pending.catch(() => made.delete(key));
  }
  return pending;
}

async function generateInTemp(): Promise<Certificate> {
  const dir = mkdtempSync(join(tmpdir(), 'oat-cert-'));
  try {
    return await generate(dir);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function reuseOrGenerate(dir: string): Promise<Certificate> {
  const keyPath = join(dir, 'key.pem');
  const certPath = join(dir, 'cert.pem');
  if (existsSync(keyPath) && existsSync(certPath)) {
    return { key: readFileSync(keyPath, 'utf8'), cert: readFileSync(certPath, 'utf8'), dir };
  }
  return generate(dir);
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
