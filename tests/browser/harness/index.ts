export * from './certificate';
export * from './chromium';
export * from './firefox';
export * from './live-session';
export * from './server';
