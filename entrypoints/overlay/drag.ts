import type { OverlayMoveMessage, OverlayResetMessage } from '@/lib/messaging/protocol';

/**
 * Moving the panel from inside the frame. The frame cannot move itself and must not ask the page
 * (the page could forge or read anything said to it), so each move goes to the background, which
 * hands it to this tab's content script (entrypoints/tradingview.content/overlay-frame.ts).
 *
 * Offsets are measured in screen coordinates from where the drag began: the frame moves under the
 * pointer while it drags, so the pointer's position inside the frame says nothing about how far it went,
 * and a message that is late or lost does not throw the panel off (the next one carries the whole way).
 * Chrome sends a frame no pointer events once the pointer is outside it, pointer capture or not
 * (w3c/pointerevents#493), so a fast drag leaves the frame behind: the content script then follows the
 * pointer's trusted events on the page until the button is released, from the same starting point.
 */

/** What one arrow key press moves the panel. */
export const KEY_STEP_PX = 10;

export type MoveRequest = OverlayMoveMessage | OverlayResetMessage;

/** The parts of a pointer event a drag reads. */
export interface PointerLike {
  isTrusted: boolean;
  pointerId: number;
  button: number;
  /** Buttons held now: a move with none means the release happened where the frame could not see it. */
  buttons: number;
  screenX: number;
  screenY: number;
}

export interface PanelDragOptions {
  /** Delivers a move to the content script (through the background); failures are its own to swallow. */
  send: (request: MoveRequest) => void;
  /** One move per frame at most: the trader sees no more, and each is a trip through the background. */
  nextFrame: (run: () => void) => number;
  cancelFrame: (id: number) => void;
}

export interface PanelDrag {
  /** True when this pointer starts a drag; the caller then captures the pointer. */
  down(event: PointerLike): boolean;
  move(event: PointerLike): void;
  /** Pointer up (`released`) or cancelled: the drag ends where the pointer is, and the spot is saved. */
  up(event: PointerLike, released: boolean): void;
  /** Arrow keys move the panel by KEY_STEP_PX; true when the key was one of them. */
  key(event: { isTrusted: boolean; key: string }): boolean;
  /** Back to the default corner (double click). */
  reset(event: { isTrusted: boolean }): void;
}

const ARROWS: Record<string, [number, number]> = {
  ArrowLeft: [-KEY_STEP_PX, 0],
  ArrowRight: [KEY_STEP_PX, 0],
  ArrowUp: [0, -KEY_STEP_PX],
  ArrowDown: [0, KEY_STEP_PX],
};

interface Gesture {
  pointerId: number;
  fromX: number;
  fromY: number;
  dx: number;
  dy: number;
  /** What the content script was last told. */
  sent: { dx: number; dy: number };
  frame: number | null;
}

export function createPanelDrag({ send, nextFrame, cancelFrame }: PanelDragOptions): PanelDrag {
  let gesture: Gesture | null = null;

  const tell = (current: Gesture, phase: 'start' | 'move' | 'end') => {
    const { dx, dy, fromX, fromY } = current;
    send({ type: 'overlay.move', phase, dx, dy, fromX, fromY });
    current.sent = { dx, dy };
  };
  const forget = () => {
    if (gesture?.frame != null) cancelFrame(gesture.frame);
    gesture = null;
  };

  return {
    down(event) {
      // Only a person moves the panel: the page can't reach these events, but nothing scripted may either.
      if (!event.isTrusted || event.button !== 0) return false;
      forget();
      gesture = {
        pointerId: event.pointerId,
        fromX: Math.round(event.screenX),
        fromY: Math.round(event.screenY),
        dx: 0,
        dy: 0,
        sent: { dx: 0, dy: 0 },
        frame: null,
      };
      // Told at once, not at the first move: a flick can leave the frame before the frame sees any move,
      // and from then on only the content script can follow the pointer. A drag that never moves is
      // no move there (nothing is saved).
      tell(gesture, 'start');
      return true;
    },
    move(event) {
      const current = gesture;
      if (current === null || !event.isTrusted || event.pointerId !== current.pointerId) return;
      // Released outside the frame: the content script saw that and ended the drag itself.
      if ((event.buttons & 1) === 0) return forget();
      current.dx = Math.round(event.screenX) - current.fromX;
      current.dy = Math.round(event.screenY) - current.fromY;
      if (current.frame !== null) return;
      current.frame = nextFrame(() => {
        current.frame = null;
        if (current.sent.dx !== current.dx || current.sent.dy !== current.dy) tell(current, 'move');
      });
    },
    up(event, released) {
      const current = gesture;
      if (current === null || event.pointerId !== current.pointerId) return;
      forget();
      // Chrome may hand the frame a release made outside it: its screen position is still true (the
      // frame saw none of the moves), and the content script may have followed the pointer all the way.
      if (released && event.isTrusted) {
        current.dx = Math.round(event.screenX) - current.fromX;
        current.dy = Math.round(event.screenY) - current.fromY;
      }
      tell(current, 'end');
    },
    key(event) {
      const step = ARROWS[event.key];
      if (step === undefined) return false;
      if (!event.isTrusted) return true;
      // A key ends any drag whose release never reached the frame: the step is a move of its own.
      forget();
      send({ type: 'overlay.move', phase: 'step', dx: step[0], dy: step[1], fromX: 0, fromY: 0 });
      return true;
    },
    reset(event) {
      if (!event.isTrusted) return;
      forget();
      send({ type: 'overlay.reset' });
    },
  };
}
