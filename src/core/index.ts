/**
 * `koban/core`: the pure, I/O-free library a partner can embed (an SMS gateway, a mail filter):
 * indicator normalization and extraction, and the protection checks.
 */
export * from './detect/index.js';
export * from './indicators/index.js';
