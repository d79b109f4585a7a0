import { browser } from 'wxt/browser';
import { words } from '../words';
import type { ReplyMap, Request } from './protocol';

/**
 * Ask the background. Views only: the reply type follows the request type.
 * Rejects when the background answers with an error (its message is already redacted).
 */
export async function ask<R extends Request>(request: R): Promise<ReplyMap[R['type']]> {
  const reply = (await browser.runtime.sendMessage(request)) as
    | { ok: true; value: ReplyMap[R['type']] }
    | { ok: false; error: string }
    | undefined;
  if (!reply) throw new Error(words('extensionNoAnswer'));
  if (!reply.ok) throw new Error(reply.error);
  return reply.value;
}
