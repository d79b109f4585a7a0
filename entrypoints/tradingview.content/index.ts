export default defineContentScript({
  matches: ['*://*.tradingview.com/chart/*'],
  main() {},
});
