/**
 * The Webhook API for the background. Views and the content script should import plain types from
 * `./types` instead: this module pulls in zod.
 */
export * from './client';
export * from './errors';
export * from './redact';
export * from './schemas';
export * from './types';
export * from './validate';
