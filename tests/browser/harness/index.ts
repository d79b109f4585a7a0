export * from './certificate';
export * from './chromium';
export * from './dwell';
export * from './firefox';
export * from './live-session';
export * from './server';
export * from './site-pages';
