/**
 * Redaction quality on the annotated test set (`src/core/redact/fixtures/`): recall and precision
 * per kind on the tuning part and on the held-out part (every 5th sentence, never used for
 * tuning), every miss and false positive, and throughput on the whole set.
 * `npm run eval:redact`; `-- --tuning` prints only the tuning part's errors (what tuning may look at).
 */
import { evaluate, formatEvaluation } from '../src/core/redact/fixtures/evaluate.js';
import { REDACTION_TEST_SET } from '../src/core/redact/fixtures/ja-pii.js';
import { redact } from '../src/core/redact/index.js';

const tuningOnly = process.argv.includes('--tuning');
const tuning = REDACTION_TEST_SET.filter((s) => !s.heldOut);
const heldOut = REDACTION_TEST_SET.filter((s) => s.heldOut);

console.log(formatEvaluation('tuning part', evaluate(tuning)));
console.log();
console.log(formatEvaluation('held-out part', evaluate(heldOut), !tuningOnly));
console.log();
console.log(formatEvaluation('all', evaluate(REDACTION_TEST_SET), false));
for (const lang of ['ja', 'en'] as const) {
  console.log(
    formatEvaluation(`all, ${lang}`, evaluate(REDACTION_TEST_SET.filter((s) => s.language === lang)), false),
  );
}

const corpus = REDACTION_TEST_SET.map((s) => s.text);
const chars = corpus.reduce((n, t) => n + t.length, 0);
for (let i = 0; i < 3; i++) for (const t of corpus) redact(t);
let rounds = 0;
const started = process.hrtime.bigint();
let elapsed = 0;
while (elapsed < 2000) {
  for (const t of corpus) redact(t);
  rounds++;
  elapsed = Number(process.hrtime.bigint() - started) / 1e6;
}
const perSecond = (rounds * chars) / (elapsed / 1000);
console.log(
  `\nthroughput: ${Math.round(perSecond).toLocaleString('en-US')} chars/s ` +
    `(${rounds} rounds over ${corpus.length} sentences, ${chars} chars, ${((elapsed / rounds / corpus.length) * 1000).toFixed(1)} µs/sentence)`,
);
const doc = corpus.join('\n').repeat(10);
const t0 = process.hrtime.bigint();
const r = redact(doc);
const ms = Number(process.hrtime.bigint() - t0) / 1e6;
console.log(`one document of ${doc.length} chars: ${ms.toFixed(1)} ms, ${r.spans.length} spans`);
