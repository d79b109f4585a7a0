import type { Runtime } from 'webextension-polyfill';
import type { ViewPort } from '@/entrypoints/background/view-ports';

/** A view's port as the background holds it, driven by the test: what the view says, and its closing. */
export function fakePort(name: string, sender: Runtime.MessageSender) {
  const heard: ((message: unknown) => void)[] = [];
  const closing: (() => void)[] = [];
  const port = {
    name,
    sender,
    /** What the background posted to the view. */
    posted: [] as unknown[],
    /** True once the background refused the port. */
    disconnected: false,
    postMessage(message: unknown) {
      port.posted.push(message);
    },
    disconnect() {
      port.disconnected = true;
    },
    onMessage: { addListener: (listener: (message: unknown) => void) => void heard.push(listener) },
    onDisconnect: { addListener: (listener: () => void) => void closing.push(listener) },
    /** The view posts this on its port (every listener runs; one that throws fails the test). */
    say(message: unknown) {
      for (const listener of heard) listener(message);
    },
    /** The view closed (the popup shut, the tab went away). */
    close() {
      for (const listener of closing) listener();
    },
  } satisfies ViewPort & Record<string, unknown>;
  return port;
}

export type FakePort = ReturnType<typeof fakePort>;
