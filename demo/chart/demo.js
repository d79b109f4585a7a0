// The demo chart page's behaviour: symbols, ticking prices, symbol switches that update the title and
// header first and the legend later (as TradingView does), multi-pane layouts, and a hostile mode whose
// attacks the browser tests start one by one. Plain ES module, loaded by demo/chart/index.html.

import { applyMarkup, markupFrom } from './markup.js';

const params = new URLSearchParams(location.search);
const num = (name, fallback) => {
  const v = params.get(name);
  return v !== null && v !== '' && Number.isFinite(Number(v)) ? Number(v) : fallback;
};
const options = {
  markup: markupFrom(location.search),
  symbol: params.get('symbol') ?? 'SPY',
  theme: params.get('theme') === 'dark' ? 'dark' : 'light',
  tick: num('tick', 2),
  exchangeDelay: num('exchangeDelay', 300),
  labelDelay: num('labelDelay', num('exchangeDelay', 300)),
  loading: !params.has('noLoading'),
  layout: num('layout', 1) >= 2 ? 2 : 1,
  activePane: params.get('activePane'),
  disagree: params.get('disagree') === '1',
  hostile: params.get('hostile'),
};

const LOADING_TITLE = 'Live stock, index, futures, Forex and Bitcoin charts on TradingView';
const LAYOUT_NAME = 'Unnamed';

/** short → what TradingView shows for it. */
const SYMBOLS = {
  SPY: { full: 'AMEX:SPY', exchange: 'NYSE Arca', name: 'SPDR S&P 500 ETF Trust', price: 585.12, dp: 2 },
  SPX: { full: 'SP:SPX', exchange: 'CBOE', name: 'S&P 500 Index', price: 5912.4, dp: 2 },
  QQQ: { full: 'NASDAQ:QQQ', exchange: 'NASDAQ', name: 'Invesco QQQ Trust', price: 512.3, dp: 2 },
  AAPL: { full: 'NASDAQ:AAPL', exchange: 'NASDAQ', name: 'Apple Inc.', price: 231.5, dp: 2 },
  'ES1!': { full: 'CME_MINI:ES1!', exchange: 'CME', name: 'E-mini S&P 500 Futures', price: 5925.25, dp: 2 },
  BTCUSD: {
    full: 'BITSTAMP:BTCUSD',
    exchange: 'Bitstamp',
    name: 'Bitcoin / U.S. Dollar',
    price: 97123.45,
    dp: 2,
  },
  'AAPL/SPY': { full: 'NASDAQ:AAPL/AMEX:SPY', exchange: '', name: 'AAPL/SPY', price: 0.3956, dp: 4 },
};
const DISAGREE_WITH = { SPY: 'QQQ', QQQ: 'SPY' };

// ---------- helpers ----------

function hash(text) {
  let h = 2166136261;
  for (const c of text) h = Math.imul(h ^ c.charCodeAt(0), 16777619);
  return h >>> 0;
}
function random(seed) {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const MINUS = '\u2212';
function fmt(n, dp) {
  return n.toFixed(dp);
}
function pctText(pct) {
  if (Math.abs(pct) < 0.005) return '0%';
  return `${pct > 0 ? '▲ +' : `▼ ${MINUS}`}${Math.abs(pct).toFixed(2)}%`;
}

/** Daily candles ending at the symbol's reference price; deterministic so screenshots are stable. */
function makeBars(symbol) {
  const info = SYMBOLS[symbol];
  const rnd = random(hash(symbol));
  const count = 160;
  const closes = [];
  let p = info.price;
  for (let i = 0; i < count; i++) {
    closes.unshift(p);
    p = p / (1 + (rnd() - 0.48) * 0.028);
  }
  const bars = [];
  const day = new Date(Date.UTC(2026, 10, 20));
  const dates = [];
  while (dates.length < count) {
    const wd = day.getUTCDay();
    if (wd !== 0 && wd !== 6) dates.unshift(day.toISOString().slice(0, 10));
    day.setUTCDate(day.getUTCDate() - 1);
  }
  let prevClose = closes[0] * (1 - 0.004);
  for (let i = 0; i < count; i++) {
    const close = closes[i];
    const open = prevClose * (1 + (rnd() - 0.5) * 0.006);
    const high = Math.max(open, close) * (1 + rnd() * 0.008);
    const low = Math.min(open, close) * (1 - rnd() * 0.008);
    bars.push({ time: dates[i], open, high, low, close });
    prevClose = close;
  }
  return bars;
}

// ---------- state ----------

const state = {
  theme: options.theme,
  panes: [],
  /** Index of the .active pane, or -1 when none is. */
  active: -1,
  prices: {},
  attackLog: [],
  coverClicks: 0,
};
for (const [sym, info] of Object.entries(SYMBOLS)) {
  // SPY opens at +0.41% as in TradingView's docs example; the others at a change of their own.
  const change = sym === 'SPY' ? 0.0041 : ((hash(sym) % 240) - 100) / 10000;
  state.prices[sym] = { last: info.price, prevClose: info.price / (1 + change) };
}

// The landmarks first, before anything below looks them up (through `data-demo` hooks both markups keep).
applyMarkup(document, options.markup);

const $ = (sel, root = document) => root.querySelector(sel);
const center = $('.layout__area--center');
const header = $('[data-demo="symbol-value"]');

function focusPane() {
  return state.panes[Math.max(state.active, 0)];
}

function titleFor(symbol) {
  const info = SYMBOLS[symbol];
  const p = state.prices[symbol];
  const pct = ((p.last - p.prevClose) / p.prevClose) * 100;
  return `${symbol} ${fmt(p.last, info.dp)} ${pctText(pct)} ${LAYOUT_NAME}`;
}

function chartColors() {
  const dark = state.theme === 'dark';
  return {
    layout: {
      background: { type: 'solid', color: dark ? '#131722' : '#ffffff' },
      textColor: dark ? '#d1d4dc' : '#131722',
    },
    grid: {
      vertLines: { color: dark ? '#1e222d' : '#f0f3fa' },
      horzLines: { color: dark ? '#1e222d' : '#f0f3fa' },
    },
    rightPriceScale: { borderColor: dark ? '#2a2e39' : '#e0e3eb' },
    timeScale: { borderColor: dark ? '#2a2e39' : '#e0e3eb' },
  };
}

// ---------- panes ----------

function buildPaneElement(index) {
  const first = $('[data-pane]', center);
  if (index === 0) return first;
  const copy = first.cloneNode(true);
  copy.dataset.pane = String(index);
  if (copy.hasAttribute('aria-label')) copy.setAttribute('aria-label', `Chart #${index + 1}`);
  $('.chart-canvas-host', copy).replaceChildren();
  center.append(copy);
  return copy;
}

function createPane(index, symbol) {
  const el = buildPaneElement(index);
  const pane = {
    el,
    symbol,
    legendTitle: $('[data-demo="legend-title"]', el),
    legendExchange: $('[data-demo="legend-exchange"]', el),
    legendValues: $('[data-demo="legend-values"]', el),
    labelCanvas: $('[data-demo="chart-canvas"]', el),
    labelTimer: 0,
    chart: null,
    series: null,
    bars: [],
    legendTimer: 0,
  };
  const LWC = globalThis.LightweightCharts;
  if (LWC) {
    pane.chart = LWC.createChart($('.chart-canvas-host', el), {
      autoSize: true,
      ...chartColors(),
      crosshair: { mode: 0 },
      timeScale: { rightOffset: 6, barSpacing: 8 },
    });
    pane.series = pane.chart.addSeries(LWC.CandlestickSeries, {
      upColor: '#089981',
      downColor: '#f23645',
      borderVisible: false,
      wickUpColor: '#089981',
      wickDownColor: '#f23645',
    });
  }
  el.addEventListener('mousedown', () => activatePane(index));
  loadBars(pane);
  showLegend(pane, symbol);
  showLabel(pane, symbol);
  return pane;
}

function loadBars(pane) {
  pane.bars = makeBars(pane.symbol);
  const last = pane.bars[pane.bars.length - 1];
  last.close = state.prices[pane.symbol].last;
  last.high = Math.max(last.high, last.close);
  last.low = Math.min(last.low, last.close);
  if (pane.series) {
    pane.series.applyOptions({
      priceFormat: {
        type: 'price',
        precision: SYMBOLS[pane.symbol].dp,
        minMove: 10 ** -SYMBOLS[pane.symbol].dp,
      },
    });
    pane.series.setData(pane.bars);
    pane.chart.timeScale().scrollToRealTime();
  }
  updateLegendValues(pane);
}

function showLegend(pane, symbol) {
  pane.legendTitle.textContent = symbol;
  pane.legendExchange.textContent = SYMBOLS[symbol].exchange;
  pane.legendExchange.hidden = SYMBOLS[symbol].exchange === '';
  pane.legendSymbol = symbol;
}

/** The pane canvas's accessible label, `Chart for EXCHANGE:SYMBOL, INTERVAL`: current markup only. */
function showLabel(pane, symbol) {
  if (options.markup !== 'current' || !pane.labelCanvas) return;
  const interval = $('#header-toolbar-intervals [aria-checked="true"]')?.dataset.value ?? '1D';
  pane.labelCanvas.setAttribute('aria-label', `Chart for ${SYMBOLS[symbol].full}, ${interval}`);
}

function updateLegendValues(pane) {
  const last = pane.bars[pane.bars.length - 1];
  if (!last) return;
  const dp = SYMBOLS[pane.symbol].dp;
  const values = pane.legendValues.querySelectorAll('b');
  [last.open, last.high, last.low, last.close].forEach((v, i) => {
    if (values[i]) values[i].textContent = fmt(v, dp);
  });
  pane.legendValues.classList.toggle('down-l31H9iuA', last.close < last.open);
}

function showHeaderAndTitle() {
  const pane = focusPane();
  const shown = options.disagree ? (DISAGREE_WITH[pane.symbol] ?? 'SPY') : pane.symbol;
  header.textContent = shown;
  document.title = titleFor(pane.symbol);
}

function activatePane(index) {
  if (index === state.active || !state.panes[index]) return;
  state.active = index;
  state.panes.forEach((p, i) => {
    p.el.classList.toggle('active', i === index);
    p.el.classList.toggle('inactive', i !== index);
  });
  showHeaderAndTitle();
  renderWatchlist();
}

/**
 * Switch the focused pane's symbol the way TradingView does: header and title first (the title shows a
 * generic site title while loading), the legend a moment later.
 */
function setSymbol(symbol, opts = {}) {
  if (!SYMBOLS[symbol]) throw new Error(`unknown demo symbol ${symbol}`);
  const pane = focusPane();
  const delay = opts.exchangeDelayMs ?? options.exchangeDelay;
  const labelDelay = opts.labelDelayMs ?? opts.exchangeDelayMs ?? options.labelDelay;
  const loading = opts.loading ?? options.loading;
  pane.symbol = symbol;
  clearTimeout(pane.legendTimer);
  clearTimeout(pane.labelTimer);
  clearTimeout(state.loadingTimer);
  header.textContent = options.disagree ? (DISAGREE_WITH[symbol] ?? 'SPY') : symbol;
  if (loading) {
    document.title = LOADING_TITLE;
    state.loadingTimer = setTimeout(showHeaderAndTitle, 100);
  } else {
    showHeaderAndTitle();
  }
  loadBars(pane);
  const catchUp = () => showLegend(pane, symbol);
  if (delay > 0) pane.legendTimer = setTimeout(catchUp, delay);
  else catchUp();
  const relabel = () => showLabel(pane, symbol);
  if (labelDelay > 0) pane.labelTimer = setTimeout(relabel, labelDelay);
  else relabel();
  renderWatchlist();
}

function setTheme(theme) {
  state.theme = theme === 'dark' ? 'dark' : 'light';
  document.documentElement.classList.toggle('theme-dark', state.theme === 'dark');
  document.documentElement.classList.toggle('theme-light', state.theme === 'light');
  for (const p of state.panes) p.chart?.applyOptions(chartColors());
}

// ---------- watchlist ----------

const list = $('[data-name="symbol-list-wrap"]');
const details = $('[data-name="details"]');

function renderWatchlist() {
  const rows = Object.entries(SYMBOLS).map(([sym, info]) => {
    const p = state.prices[sym];
    const pct = ((p.last - p.prevClose) / p.prevClose) * 100;
    const row = document.createElement('div');
    row.className = `row-Kx7mJ2Ds${sym === focusPane().symbol ? ' selected-Kx7mJ2Ds' : ''}`;
    row.dataset.symbolFull = info.full;
    row.dataset.symbolShort = sym;
    row.innerHTML = `<span class="symbol-Kx7mJ2Ds"><span class="badge-Kx7mJ2Ds">${sym[0]}</span>${sym}</span><span class="last-Kx7mJ2Ds">${fmt(p.last, info.dp)}</span><span class="${pct >= 0 ? 'up-Kx7mJ2Ds' : 'down-Kx7mJ2Ds'}">${pct >= 0 ? '+' : MINUS}${Math.abs(pct).toFixed(2)}%</span>`;
    return row;
  });
  list.replaceChildren(...rows);
  renderDetails();
}

function renderDetails() {
  const sym = focusPane().symbol;
  const info = SYMBOLS[sym];
  const p = state.prices[sym];
  details.innerHTML = `<div><b>${sym}</b> <span class="name">· ${info.exchange || 'Spread'}</span></div><div class="name">${info.name}</div><div class="big">${fmt(p.last, info.dp)}</div>`;
}

list.addEventListener('click', (event) => {
  const row = event.target.closest('[data-symbol-short]');
  if (row) setSymbol(row.dataset.symbolShort);
});

// ---------- ticking ----------

const tickRandom = random(42);
function tick() {
  const pane = focusPane();
  for (const p of state.panes) {
    const price = state.prices[p.symbol];
    price.last = Math.max(10 ** -SYMBOLS[p.symbol].dp, price.last * (1 + (tickRandom() - 0.5) * 0.0008));
    const last = p.bars[p.bars.length - 1];
    if (last) {
      last.close = price.last;
      last.high = Math.max(last.high, last.close);
      last.low = Math.min(last.low, last.close);
      p.series?.update(last);
    }
    updateLegendValues(p);
  }
  // Only the price changes: the ticker in the title stays put (unless a switch is loading).
  if (document.title !== LOADING_TITLE) document.title = titleFor(pane.symbol);
  for (const row of list.children) {
    const sym = row.dataset.symbolShort;
    const last = row.querySelector('.last-Kx7mJ2Ds');
    if (last) last.textContent = fmt(state.prices[sym].last, SYMBOLS[sym].dp);
  }
  const big = details.querySelector('.big');
  if (big) big.textContent = fmt(state.prices[pane.symbol].last, SYMBOLS[pane.symbol].dp);
}

// ---------- hostile page ----------

const running = new Set();
function log(name, detail) {
  state.attackLog.push({ name, at: Date.now(), ...detail });
}
function overlayFrames() {
  return [...document.querySelectorAll('iframe')].filter(
    (f) => /^(chrome|moz)-extension:/.test(f.src) || f.closest('[data-oat-overlay]'),
  );
}
function every(ms, duration, fn) {
  const id = setInterval(fn, ms);
  running.add(id);
  const stop = setTimeout(() => {
    clearInterval(id);
    running.delete(id);
  }, duration);
  running.add(stop);
}
function cover(opaque) {
  for (const frame of overlayFrames()) {
    const r = frame.getBoundingClientRect();
    const div = document.createElement('div');
    div.className = opaque ? 'hostile-cover opaque' : 'hostile-cover';
    Object.assign(div.style, {
      position: 'fixed',
      left: `${r.left}px`,
      top: `${r.top}px`,
      width: `${r.width}px`,
      height: `${r.height}px`,
      zIndex: '2147483647',
      background: opaque ? (state.theme === 'dark' ? '#1e222d' : '#ffffff') : 'transparent',
      color: 'inherit',
      display: 'grid',
      placeItems: 'center',
      font: '600 14px sans-serif',
    });
    if (opaque) div.textContent = 'Click to continue';
    div.addEventListener('click', () => {
      state.coverClicks++;
    });
    document.body.append(div);
  }
}

const ORDER_LIKE = [
  { type: 'order.place', order: { kind: 'enterBot', bot: 1 }, from: 'overlay', confirmed: true },
  {
    type: 'order.place',
    order: { kind: 'closeBot', bot: 1, close: 'all' },
    from: 'overlay',
    confirmed: true,
  },
  { type: 'click', action: 'enter', bot: 1 },
  { type: 'confirm', ok: true },
  { type: 'connection.setMode', mode: 'live' },
  { type: 'settings.update', patch: { oneClickLive: true } },
  'enter',
];

const attacks = {
  /** Synthetic clicks on the overlay frame and at its centre: never trusted. */
  click() {
    const frames = overlayFrames();
    for (const frame of frames) {
      frame.click();
      frame.dispatchEvent(new MouseEvent('click', { bubbles: true, cancelable: true }));
      const r = frame.getBoundingClientRect();
      const x = r.left + r.width / 2;
      const y = r.top + r.height / 2;
      const at = document.elementFromPoint(x, y);
      for (const type of ['pointerdown', 'mousedown', 'pointerup', 'mouseup', 'click']) {
        at?.dispatchEvent(new MouseEvent(type, { bubbles: true, cancelable: true, clientX: x, clientY: y }));
      }
      frame.focus();
    }
    return { frames: frames.length };
  },
  /** Order-like messages posted to every frame and to the page itself. */
  postMessage() {
    let sent = 0;
    const targets = [window, ...Array.from({ length: window.frames.length }, (_, i) => window.frames[i])];
    for (const target of targets) {
      for (const message of ORDER_LIKE) {
        target.postMessage(message, '*');
        sent++;
      }
    }
    return { sent };
  },
  /** A transparent div over the frame, catching the trader's clicks. */
  coverTransparent() {
    cover(false);
    return { frames: overlayFrames().length };
  },
  /** An opaque div over the frame, pretending to be something else. */
  coverOpaque() {
    cover(true);
    return { frames: overlayFrames().length };
  },
  /** Make the frame invisible (while still clickable, if that were allowed). */
  hide() {
    const style = document.createElement('style');
    style.className = 'hostile-style';
    style.textContent = 'iframe { opacity: 0 !important; visibility: hidden !important; }';
    document.head.append(style);
    for (const frame of overlayFrames()) {
      frame.style.opacity = '0';
      frame.style.visibility = 'hidden';
      if (frame.parentElement && frame.parentElement !== document.body) {
        frame.parentElement.style.opacity = '0';
        frame.parentElement.style.visibility = 'hidden';
      }
    }
    return { frames: overlayFrames().length };
  },
  /** Point the frame at another page. */
  repoint() {
    for (const frame of overlayFrames()) frame.src = 'about:blank';
    return {};
  },
  /** Remove the frame (and its wrapper) once. */
  remove() {
    const frames = overlayFrames();
    for (const frame of frames)
      (frame.parentElement !== document.body ? frame.parentElement : frame)?.remove();
    return { frames: frames.length };
  },
  /** Remove the frame and put it back, every 100 ms for 3 s. */
  reinsert() {
    let removed = 0;
    every(100, 3000, () => {
      for (const frame of overlayFrames()) {
        const box = frame.parentElement !== document.body ? frame.parentElement : frame;
        if (!box) continue;
        box.remove();
        removed++;
        setTimeout(() => document.body.append(box), 20);
      }
    });
    return { started: true, removed };
  },
  /** Thousands of DOM mutations per second for 3 s (legend values, watchlist, throwaway nodes). */
  flood() {
    const junk = document.createElement('div');
    junk.className = 'hostile-flood';
    junk.hidden = true;
    document.body.append(junk);
    every(4, 3000, () => {
      for (let i = 0; i < 50; i++) junk.append(document.createElement('span'));
      junk.replaceChildren();
      for (const p of state.panes) updateLegendValues(p);
      for (const b of document.querySelectorAll('.last-Kx7mJ2Ds')) b.textContent = `${b.textContent}`;
    });
    setTimeout(() => junk.remove(), 3100);
    return { started: true };
  },
  /** Title changes as fast as the page can: price-only ticks and, in between, other tickers. */
  floodTitle() {
    let n = 0;
    every(2, 2000, () => {
      n++;
      const sym = n % 10 === 0 ? 'QQQ' : focusPane().symbol;
      document.title = titleFor(sym);
    });
    const restore = setTimeout(showHeaderAndTitle, 2050);
    running.add(restore);
    return { started: true };
  },
};

function attack(name) {
  const fn = attacks[name];
  if (!fn) throw new Error(`unknown attack ${name}; known: ${Object.keys(attacks).join(', ')}`);
  const result = fn();
  log(name, result);
  return result;
}

function stopAttacks() {
  for (const id of running) {
    clearInterval(id);
    clearTimeout(id);
  }
  running.clear();
  for (const el of document.querySelectorAll('.hostile-cover, .hostile-style, .hostile-flood')) el.remove();
}

// ---------- start ----------

setTheme(state.theme);
const firstSymbol = SYMBOLS[options.symbol] ? options.symbol : 'SPY';
state.panes.push(createPane(0, firstSymbol));
if (options.layout === 2) {
  state.panes.push(createPane(1, firstSymbol === 'QQQ' ? 'SPY' : 'QQQ'));
  for (const p of state.panes) p.el.classList.add('multiple');
}
state.active = -1;
if (options.activePane === 'none') {
  for (const p of state.panes) {
    p.el.classList.remove('active');
    p.el.classList.add('inactive');
  }
  showHeaderAndTitle();
  renderWatchlist();
} else {
  activatePane(Math.min(Number(options.activePane) || 0, state.panes.length - 1));
}
$('[data-name="theme-switch"]')?.addEventListener('click', () =>
  setTheme(state.theme === 'dark' ? 'light' : 'dark'),
);
for (const b of document.querySelectorAll('#header-toolbar-intervals button')) {
  b.addEventListener('click', () => {
    for (const o of document.querySelectorAll('#header-toolbar-intervals button'))
      o.setAttribute('aria-checked', String(o === b));
    // The canvas label names the interval too; the symbol stays.
    for (const p of state.panes) showLabel(p, p.symbol);
  });
}
if (options.tick > 0) setInterval(tick, 1000 / options.tick);

if (options.hostile) {
  const banner = document.createElement('div');
  banner.className = 'hostile-banner';
  banner.textContent = 'Hostile page';
  document.body.append(banner);
  if (options.hostile === 'auto') {
    Object.keys(attacks).forEach((name, i) => {
      setTimeout(() => attack(name), 1500 + i * 1500);
    });
  }
}

window.demo = {
  symbols: Object.keys(SYMBOLS),
  setSymbol,
  setTheme,
  activatePane,
  attack,
  attacks: Object.keys(attacks),
  stopAttacks,
  state() {
    return {
      markup: options.markup,
      title: document.title,
      header: header.textContent,
      theme: state.theme,
      activePane: state.active,
      symbol: focusPane().symbol,
      panes: state.panes.map((p, i) => ({
        symbol: p.symbol,
        legend: p.legendTitle.textContent,
        exchange: p.legendExchange.textContent,
        label: p.labelCanvas?.getAttribute('aria-label') ?? null,
        active: p.el.classList.contains('active'),
        index: i,
      })),
      price: state.prices[focusPane().symbol].last,
      chartDrawn: state.panes.every(
        (p) => p.chart !== null && p.el.querySelector('.chart-canvas-host canvas') !== null,
      ),
      attackLog: state.attackLog.slice(),
      coverClicks: state.coverClicks,
    };
  },
};
document.documentElement.dataset.demoReady = 'true';
