// @vitest-environment node
import { describe, expect, it } from 'vitest';
import {
  describeSecretProblem,
  extractSecret,
  isSecretShape,
  redactSecret,
  SECRET_MASK,
} from '@/lib/api/redact';

const SECRET = 'a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d6';
const REQUEST_ID = '47462f2d-378c-4bf5-a016-1c1221aa0e62';

describe('redactSecret', () => {
  it('masks the secret in an API URL even without being told it', () => {
    const text = `GET https://app.optionsautotrader.com/webhook/${SECRET}/bots failed`;
    expect(redactSecret(text)).toBe(
      `GET https://app.optionsautotrader.com/webhook/${SECRET_MASK}/bots failed`,
    );
  });

  it('masks a mistyped (wrong-length) secret after /webhook/ too', () => {
    expect(redactSecret('http://127.0.0.1:8787/webhook/abc123-short/trades?x=1')).toBe(
      `http://127.0.0.1:8787/webhook/${SECRET_MASK}/trades?x=1`,
    );
  });

  it('masks a URL-encoded webhook path', () => {
    const text = `see https%3A%2F%2Fapp.optionsautotrader.com%2Fwebhook%2F${SECRET}%2Fbots`;
    expect(redactSecret(text)).not.toContain(SECRET);
    expect(redactSecret(text)).toContain(`%2Fwebhook%2F${SECRET_MASK}%2Fbots`);
  });

  it('masks the known secret anywhere, in any case', () => {
    const text = `Error: token ${SECRET} rejected (${SECRET.toUpperCase()})`;
    expect(redactSecret(text, SECRET)).toBe(`Error: token ${SECRET_MASK} rejected (${SECRET_MASK})`);
  });

  it('masks a known secret with odd characters as typed and URL-encoded', () => {
    const odd = 'my secret/with+chars';
    const text = `a ${odd} b ${encodeURIComponent(odd)} c`;
    expect(redactSecret(text, odd)).toBe(`a ${SECRET_MASK} b ${SECRET_MASK} c`);
  });

  it('keeps request ids, which are UUIDs too, visible', () => {
    const text = `Placed. Request id ${REQUEST_ID}. URL /webhook/${SECRET}/enter`;
    const out = redactSecret(text, SECRET);
    expect(out).toContain(REQUEST_ID);
    expect(out).not.toContain(SECRET);
  });

  it('leaves text without a secret unchanged, and does not mask tiny "secrets" everywhere', () => {
    expect(redactSecret('Too many requests (429).', SECRET)).toBe('Too many requests (429).');
    expect(redactSecret('a bad answer', 'a')).toBe('a bad answer');
  });
});

describe('isSecretShape', () => {
  it.each([
    [SECRET, true],
    ['A1B2C3D4-E5F6-A7B8-C9D0-E1F2A3B4C5D6', true],
    ['zzzzzzzz-zzzz-zzzz-zzzz-zzzzzzzzzzzz', true],
    [` ${SECRET}`, false],
    [SECRET.slice(0, 35), false],
    ['a1b2c3d4e5f6-a7b8-c9d0-e1f2-a3b4c5d6', false],
    ['a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d_', false],
    ['', false],
  ])('%j -> %s', (text, shaped) => {
    expect(isSecretShape(text)).toBe(shaped);
  });
});

describe('describeSecretProblem', () => {
  it.each([
    [SECRET, null],
    ['', /Paste the 36-character webhook secret/],
    [`  ${SECRET}\n`, /Remove the spaces before or after/],
    ['a1b2c3d4-e5f6-a7b8-c9d0', /36 characters: 8-4-4-4-12, you have 23/],
    ['12345678901234567890', /you have 20/],
    ['a1b2c3d4-e5f6 a7b8-c9d0-e1f2a3b4c5d6', /spaces inside/],
    ['a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d!', /only letters, digits and dashes/],
    ['a1b2c3d4e-5f6-a7b8-c9d0-e1f2a3b4c5d6', /grouped 9-3-4-4-12/],
    [`https://app.optionsautotrader.com/webhook/${SECRET}/bots`, /whole webhook URL/],
  ])('%j', (input, hint) => {
    const problem = describeSecretProblem(input);
    if (hint === null) expect(problem).toBeNull();
    else expect(problem).toMatch(hint);
  });

  it('never echoes what was typed', () => {
    const typed = 'a1b2c3d4-e5f6-a7b8-c9d0-e1f2a3b4c5d!';
    expect(describeSecretProblem(typed)).not.toContain('a1b2');
  });
});

describe('extractSecret', () => {
  it('takes the secret out of a pasted webhook URL, or trims what was pasted', () => {
    expect(extractSecret(` https://app.optionsautotrader.com/webhook/${SECRET}/enter/1 `)).toBe(SECRET);
    expect(extractSecret(`  ${SECRET} `)).toBe(SECRET);
  });
});
