import { render } from 'preact';

render(<main>Chart Trader</main>, document.getElementById('app') as HTMLElement);
