// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { createPanelDrag, KEY_STEP_PX, type MoveRequest, type PointerLike } from '@/entrypoints/overlay/drag';

function rig() {
  const sent: MoveRequest[] = [];
  const frames = new Map<number, () => void>();
  let nextId = 1;
  const drag = createPanelDrag({
    send: (request) => sent.push(request),
    nextFrame: (run) => {
      frames.set(nextId, run);
      return nextId++;
    },
    cancelFrame: (id) => frames.delete(id),
  });
  /** Runs what waits for the next animation frame. */
  const paint = () => {
    const due = [...frames.values()];
    frames.clear();
    for (const run of due) run();
  };
  return { drag, sent, paint, pending: () => frames.size };
}

const pointer = (over: Partial<PointerLike> = {}): PointerLike => ({
  isTrusted: true,
  pointerId: 1,
  button: 0,
  buttons: 1,
  screenX: 500,
  screenY: 300,
  ...over,
});

describe('createPanelDrag', () => {
  it('tells the start at once, then at most one move per frame, each from where the drag began', () => {
    const { drag, sent, paint } = rig();
    expect(drag.down(pointer())).toBe(true);
    expect(sent).toEqual([{ type: 'overlay.move', phase: 'start', dx: 0, dy: 0, fromX: 500, fromY: 300 }]);
    drag.move(pointer({ screenX: 490, screenY: 305 }));
    drag.move(pointer({ screenX: 480.4, screenY: 310.6 }));
    expect(sent).toHaveLength(1);
    paint();
    drag.move(pointer({ screenX: 470, screenY: 320 }));
    paint();
    // Unchanged since the last one told: nothing new to say.
    drag.move(pointer({ screenX: 470, screenY: 320 }));
    paint();
    drag.up(pointer({ screenX: 470, screenY: 320, buttons: 0 }), true);
    expect(sent.slice(1)).toEqual([
      { type: 'overlay.move', phase: 'move', dx: -20, dy: 11, fromX: 500, fromY: 300 },
      { type: 'overlay.move', phase: 'move', dx: -30, dy: 20, fromX: 500, fromY: 300 },
      { type: 'overlay.move', phase: 'end', dx: -30, dy: 20, fromX: 500, fromY: 300 },
    ]);
  });

  it('ends where a release outside the frame says, though the frame saw none of the moves', () => {
    const { drag, sent, pending } = rig();
    drag.down(pointer());
    drag.move(pointer({ screenX: 495 }));
    drag.up(pointer({ screenX: 260, screenY: 360, buttons: 0 }), true);
    expect(pending()).toBe(0);
    expect(sent.at(-1)).toEqual({
      type: 'overlay.move',
      phase: 'end',
      dx: -240,
      dy: 60,
      fromX: 500,
      fromY: 300,
    });
  });

  it('ends a cancelled drag where it last was', () => {
    const { drag, sent, paint } = rig();
    drag.down(pointer());
    drag.move(pointer({ screenX: 520 }));
    paint();
    drag.up(pointer({ screenX: 0, screenY: 0 }), false);
    expect(sent.at(-1)).toMatchObject({ phase: 'end', dx: 20, dy: 0 });
  });

  it('ignores untrusted input, other buttons and other pointers', () => {
    const { drag, sent, paint } = rig();
    expect(drag.down(pointer({ isTrusted: false }))).toBe(false);
    expect(drag.down(pointer({ button: 2 }))).toBe(false);
    drag.move(pointer({ screenX: 100 }));
    paint();
    expect(sent).toEqual([]);

    drag.down(pointer());
    drag.move(pointer({ isTrusted: false, screenX: 100 }));
    drag.move(pointer({ pointerId: 2, screenX: 100 }));
    paint();
    drag.up(pointer({ pointerId: 2 }), true);
    drag.key({ isTrusted: false, key: 'ArrowLeft' });
    drag.reset({ isTrusted: false });
    expect(sent).toEqual([expect.objectContaining({ phase: 'start' })]);
  });

  it('drops, without a word, a drag whose release happened where the frame could not see it', () => {
    const { drag, sent, paint } = rig();
    drag.down(pointer());
    // The pointer comes back over the frame with no button held: the content script ended that drag.
    drag.move(pointer({ buttons: 0, screenX: 100 }));
    paint();
    drag.up(pointer({ screenX: 100 }), true);
    expect(sent).toEqual([expect.objectContaining({ phase: 'start' })]);
  });

  it('moves by a step per arrow key, each a move of its own, and resets on a trusted double click', () => {
    const { drag, sent } = rig();
    expect(drag.key({ isTrusted: true, key: 'ArrowLeft' })).toBe(true);
    expect(drag.key({ isTrusted: true, key: 'ArrowDown' })).toBe(true);
    expect(drag.key({ isTrusted: true, key: 'Enter' })).toBe(false);
    drag.reset({ isTrusted: true });
    expect(sent).toEqual([
      { type: 'overlay.move', phase: 'step', dx: -KEY_STEP_PX, dy: 0, fromX: 0, fromY: 0 },
      { type: 'overlay.move', phase: 'step', dx: 0, dy: KEY_STEP_PX, fromX: 0, fromY: 0 },
      { type: 'overlay.reset' },
    ]);
  });

  it('cancels a pending move when the drag ends first', () => {
    const { drag, sent, paint, pending } = rig();
    drag.down(pointer());
    drag.move(pointer({ screenX: 510 }));
    expect(pending()).toBe(1);
    drag.up(pointer({ screenX: 512 }), true);
    expect(pending()).toBe(0);
    paint();
    expect(sent.map((m) => (m.type === 'overlay.move' ? m.phase : m.type))).toEqual(['start', 'end']);
  });
});
