/**
 * `koban/core`: the pure, I/O-free library a partner can embed (an SMS gateway, a mail filter, a
 * payment app's risk service): indicator normalization and extraction, the protection checks, the
 * fraud engine (declarative rule sets over sliding-window state) and the redaction engine for
 * public advisories.
 */
export * from './detect/index.js';
export * from './fraud/index.js';
export * from './indicators/index.js';
export * from './redact/index.js';
