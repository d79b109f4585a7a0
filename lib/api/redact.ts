/**
 * The secret sits in every API URL path, so anything that prints a URL can leak it. Request ids are
 * UUIDs too and a trader needs them for support, so we cannot blank every UUID-shaped token: we
 * blank the known secret and whatever follows `/webhook/`.
 */
import { words } from '../words';

export const SECRET_MASK = '••••••••-••••-••••-••••-••••••••••••';

const SECRET_SHAPE = /^[A-Za-z0-9]{8}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{4}-[A-Za-z0-9]{12}$/;

/** The path segment after `/webhook/`, whatever its length (a mistyped secret is still a secret). */
const WEBHOOK_SEGMENT = /(\/webhook\/|%2Fwebhook%2F)((?:(?!%2F)[^/?#\s"'<>\\,;()[\]{}])+)/gi;

/** Secrets shorter than this are not masked by value: blanking every "a" in a text helps nobody. */
const MIN_MASKED_LENGTH = 8;

const escapeRegExp = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** The text with the secret masked: given by value (as typed or URL-encoded) and after any `/webhook/`. */
export function redactSecret(text: string, secret?: string): string {
  let out = text.replace(WEBHOOK_SEGMENT, (_match, prefix: string) => prefix + SECRET_MASK);
  const known = secret?.trim();
  if (known && known.length >= MIN_MASKED_LENGTH) {
    for (const form of new Set([known, encodeURIComponent(known)])) {
      out = out.replace(new RegExp(escapeRegExp(form), 'gi'), SECRET_MASK);
    }
  }
  return out;
}

/** 36 characters, 8-4-4-4-12, letters and digits between the dashes. */
export function isSecretShape(text: string): boolean {
  return SECRET_SHAPE.test(text);
}

/**
 * What a trader pasted, reduced to the secret: trimmed, and the part after `/webhook/` when a whole
 * webhook URL was pasted (the dashboard shows secrets inside URLs).
 */
export function extractSecret(input: string): string {
  const trimmed = input.trim();
  const fromUrl = /\/webhook\/([^/?#\s]+)/i.exec(trimmed);
  return fromUrl?.[1] ?? trimmed;
}

/** A typing hint for a secret that does not have the right shape, or null when it does. Never echoes it. */
export function describeSecretProblem(input: string): string | null {
  if (isSecretShape(input)) return null;
  const trimmed = input.trim();
  if (trimmed === '') return words('fieldSecretEmpty');
  if (isSecretShape(trimmed)) return words('fieldSecretOuterSpaces');
  if (/\/webhook\//i.test(trimmed)) return words('fieldSecretWholeUrl');
  if (/\s/.test(trimmed)) return words('fieldSecretInnerSpaces');
  if (!/^[A-Za-z0-9-]+$/.test(trimmed)) return words('fieldSecretCharacters');
  if (trimmed.length !== 36) return words('fieldSecretLength', trimmed.length);
  const groups = trimmed
    .split('-')
    .map((group) => group.length)
    .join('-');
  return words('fieldSecretGroups', groups);
}
