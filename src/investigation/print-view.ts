/**
 * The printable inquiry: a self-contained HTML page with every text escaped and a CSP that allows
 * no script, no remote resource and no form, so hostile text in a draft (or a provider name from an
 * imported catalogue) is shown, never run. Print to PDF from the browser.
 */

import { japaneseDate, japaneseDateTime } from './inquiry-text.js';
import type { InquiryView } from './inquiry-view.js';

export const PRINT_CSP =
  "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'; frame-ancestors 'none'";

const ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
export const escapeHtml = (text: string) => text.replace(/[&<>"']/g, (c) => ESCAPES[c] as string);

const STATUS_JA: Record<string, string> = {
  draft: '下書き',
  sent: '送付済み',
  acknowledged: '受領確認済み',
  answered: '回答済み',
  no_record: '該当記録なし',
};

export function renderInquiryHtml(
  inquiry: InquiryView,
  labels: { sender: string; provider: string },
): string {
  const row = (k: string, v: string) => `<tr><th>${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`;
  const meta = [
    row('照会番号', inquiry.id),
    row('照会者', labels.sender),
    row('照会先', labels.provider),
    row('状態', `${STATUS_JA[inquiry.status] ?? inquiry.status}${inquiry.overdue ? '（回答期限超過）' : ''}`),
    row('回答期限', japaneseDate(inquiry.answerDue)),
    ...(inquiry.sentAt ? [row('送付日時', japaneseDateTime(inquiry.sentAt))] : []),
    ...(inquiry.answeredAt ? [row('回答日時', japaneseDateTime(inquiry.answeredAt))] : []),
  ].join('');
  return `<!doctype html>
<html lang="ja"><head><meta charset="utf-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(PRINT_CSP)}">
<title>${escapeHtml(inquiry.title)}</title>
<style>
body{font-family:"Noto Serif JP","Hiragino Mincho ProN",serif;margin:2cm;line-height:1.7}
pre{white-space:pre-wrap;font-family:inherit;font-size:11pt}
table{border-collapse:collapse;margin-bottom:1em;font-size:10pt}th,td{border:1px solid #444;padding:2px 8px;text-align:left}
@media print{body{margin:0}}
</style></head>
<body>
<table>${meta}</table>
<pre>${escapeHtml(inquiry.body)}</pre>
</body></html>
`;
}
