/**
 * `koban/core`: the pure, I/O-free library a partner can embed (an SMS gateway, a mail filter):
 * indicator normalization and extraction, the protection checks, and the redaction engine for
 * public advisories.
 */
export * from './detect/index.js';
export * from './indicators/index.js';
export * from './redact/index.js';
