#!/usr/bin/env node
/**
 * Entry point of `npm run backtest -- --rules <file> --data <file>`; see cli-program.ts.
 */
import { runBacktestCli } from './cli-program.js';

process.exitCode = runBacktestCli(process.argv.slice(2), {
  out: (text) => process.stdout.write(text),
  err: (text) => process.stderr.write(text),
});
