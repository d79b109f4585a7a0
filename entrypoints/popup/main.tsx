// Every stylesheet the first draw's markup uses is loaded with the page (these are linked in its
// head), not with the live view's chunk: the cached rows are drawn styled, never restyled.
import '../../components/theme.css';
import '../../components/mode-mark.css';
import '../../components/trade-row.css';
import '../../components/bot-row.css';
import './popup.css';
import { firstDraw } from './first-draw';

/**
 * The popup opens in two steps: the cached rows from one storage read (first-draw.ts, no Preact),
 * then, only after that draw, Preact and the connection to the worker (live.tsx), so neither the
 * view's code nor a worker starting cold delays the first rows.
 */
const firstView = document.getElementById('first-draw') as HTMLElement;
void firstDraw(firstView).then(async (cached) => {
  const { startLive } = await import('./live');
  startLive(document.getElementById('app') as HTMLElement, firstView, cached);
});
