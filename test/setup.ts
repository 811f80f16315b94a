import fc from 'fast-check';

// CI runs property tests with a fixed seed so a landing never depends on luck; local runs explore
// new inputs every time (set KOBAN_FC_SEED to replay a reported counterexample).
const seed = process.env.KOBAN_FC_SEED ?? (process.env.CI ? '20261122' : undefined);
if (seed !== undefined) fc.configureGlobal({ seed: Number(seed) });
