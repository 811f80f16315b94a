/**
 * The `backtest` command as a function of its arguments and output streams, so tests can run it
 * in-process and check exit codes and messages. Exit codes: 0 done, 2 unusable input (rule file
 * missing, not JSON or invalid; data file missing or unreadable; bad options).
 */
import { existsSync, readFileSync } from 'node:fs';
import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { validateRuleSet } from '../../core/fraud/index.js';
import { AMLSIM_LABEL_POLICIES, type AmlsimLabelPolicy } from './adapters/amlsim.js';
import { formatBacktestJson, formatBacktestText } from './format.js';
import { DataFileError, loadDataset } from './load.js';
import { runBacktest } from './run.js';
import { DATA_FORMATS, type DataFormat } from './types.js';

export interface CliOutput {
  out(text: string): void;
  err(text: string): void;
}

interface BacktestCliOptions {
  rules: string;
  data: string;
  format?: DataFormat;
  identity?: string;
  yenPerUsd?: number;
  amlsimLabel?: AmlsimLabelPolicy;
  json?: boolean;
}

const USAGE_ERROR = 2;

/** `argv` without the node and script entries. */
export function runBacktestCli(argv: readonly string[], io: CliOutput): number {
  const program = new Command('backtest')
    .description(
      'Replay labelled events through a fraud rule set and report alert rate, precision, recall and latency',
    )
    .requiredOption('--rules <file>', 'rule set (koban-fraud-rules/1 JSON)')
    .requiredOption(
      '--data <file>',
      'events: Koban journal (.jsonl), PaySim CSV, AMLSim .tgz or folder, IEEE-CIS CSV or folder',
    )
    .addOption(
      new Option('--format <format>', 'data format (default: from the file name or header)').choices(
        DATA_FORMATS,
      ),
    )
    .option('--identity <file>', 'IEEE-CIS identity table (default: train_identity.csv beside the data)')
    .option('--yen-per-usd <rate>', 'fixed yen per dollar (or data-set unit) for amounts', positiveNumber)
    .addOption(
      new Option('--amlsim-label <policy>', 'AMLSim: a transfer is fraud when either or both accounts are')
        .choices(AMLSIM_LABEL_POLICIES)
        .default('either'),
    )
    .option('--json', 'print the report as JSON')
    .exitOverride()
    .configureOutput({ writeOut: (s) => io.out(s), writeErr: (s) => io.err(s) });
  try {
    program.parse([...argv], { from: 'user' });
  } catch (error) {
    if (error instanceof CommanderError) return error.exitCode === 0 ? 0 : USAGE_ERROR;
    throw error;
  }
  return backtest(program.opts<BacktestCliOptions>(), io);
}

function backtest(options: BacktestCliOptions, io: CliOutput): number {
  const ruleSet = readRuleSet(options.rules, io);
  if (ruleSet === undefined) return USAGE_ERROR;
  let data: ReturnType<typeof loadDataset>;
  try {
    data = loadDataset(options.data, {
      ...(options.format ? { format: options.format } : {}),
      ...(options.identity ? { identity: options.identity } : {}),
      ...(options.yenPerUsd ? { yenPerUsd: options.yenPerUsd } : {}),
      ...(options.amlsimLabel ? { amlsimLabelPolicy: options.amlsimLabel } : {}),
    });
  } catch (error) {
    if (!(error instanceof DataFileError)) throw error;
    io.err(`backtest: ${error.message}\n`);
    return USAGE_ERROR;
  }
  const run = runBacktest(ruleSet, data.events);
  if (!run.ok) return reportInvalid(options.rules, run.errors, io);
  const report = {
    data: { path: options.data, format: data.format, notes: data.notes, skipped: data.skipped },
    result: run.result,
  };
  io.out(options.json ? formatBacktestJson(report) : formatBacktestText(report));
  return 0;
}

/** The parsed and validated rule-set JSON, or undefined after printing why not. */
function readRuleSet(path: string, io: CliOutput): unknown {
  if (!existsSync(path)) {
    io.err(`backtest: rules file not found: ${path}\n`);
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    io.err(`backtest: rules file ${path} is not JSON: ${(error as Error).message}\n`);
    return undefined;
  }
  const validation = validateRuleSet(parsed);
  if (!validation.ok) {
    reportInvalid(path, validation.errors, io);
    return undefined;
  }
  return parsed;
}

function reportInvalid(
  path: string,
  errors: readonly { path: string; message: string }[],
  io: CliOutput,
): number {
  const plural = errors.length === 1 ? 'error' : 'errors';
  io.err(`backtest: rule set ${path} is invalid (${errors.length} ${plural}):\n`);
  for (const error of errors) io.err(`  ${error.path || '/'}: ${error.message}\n`);
  return USAGE_ERROR;
}

function positiveNumber(text: string): number {
  const value = Number(text);
  if (!Number.isFinite(value) || value <= 0) throw new InvalidArgumentError('must be a positive number');
  return value;
}
