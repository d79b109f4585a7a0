export * from './certificate';
export * from './chromium';
export * from './firefox';
export * from './server';
