// @vitest-environment node
import { describe, expect, it } from 'vitest';
import { fitPanel, MIN_SCROLL_BOX } from '../../../entrypoints/overlay/fit';

describe('fitPanel: the panel in the frame the content script gave it', () => {
  it('wants its full height and limits nothing when the frame has room', () => {
    expect(fitPanel(300, 560, [])).toEqual({ wanted: 300, limits: [] });
    // A ticket of 250 px under a 400 px cap shows whole.
    expect(fitPanel(400, 560, [{ client: 250, content: 250, natural: 400 }])).toEqual({
      wanted: 400,
      limits: [250],
    });
  });

  it('gives up the ticket box what the frame lacks, so the panel document never scrolls', () => {
    // Firefox, 800×600 window: the panel wants 564 px (its extra line), the frame got 550.
    const fit = fitPanel(564, 550, [{ client: 400, content: 720, natural: 400 }]);
    expect(fit).toEqual({ wanted: 564, limits: [386] });
  });

  it('wants the same height whatever limit the box has now, so a limit never shrinks the frame', () => {
    // The ticket just opened in a 240 px frame and was limited to fit it: the panel still asks for all.
    const squeezed = fitPanel(240, 240, [{ client: 76, content: 720, natural: 400 }]);
    const loose = fitPanel(564, 560, [{ client: 400, content: 720, natural: 400 }]);
    expect(squeezed.wanted).toBe(564);
    expect(loose.wanted).toBe(564);
    // Once the frame has grown to what was asked, the box takes the room.
    expect(fitPanel(240, 564, [{ client: 76, content: 720, natural: 400 }]).limits).toEqual([400]);
  });

  it('keeps a few readable lines however short the window', () => {
    expect(fitPanel(564, 200, [{ client: 400, content: 720, natural: 400 }]).limits).toEqual([
      MIN_SCROLL_BOX,
    ]);
  });

  it('takes from the last box first, then the one before, each down to its floor', () => {
    const boxes = [
      { client: 200, content: 200, natural: 400 },
      { client: 150, content: 300, natural: 150 },
    ];
    // 100 px short: the second box gives 54 (150 down to 96), the first the other 46.
    expect(fitPanel(700, 600, boxes)).toEqual({ wanted: 700, limits: [154, MIN_SCROLL_BOX] });
    // 300 px short: both at their floor, and the panel scrolls no further than that.
    expect(fitPanel(700, 400, boxes).limits).toEqual([MIN_SCROLL_BOX, MIN_SCROLL_BOX]);
  });
});
