export default defineBackground(() => {
  console.info('background up');
});
