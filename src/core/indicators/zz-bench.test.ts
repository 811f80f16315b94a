import { it } from 'vitest';
import * as I from './index.js';
function bench(name: string, n: number, fn: (i: number) => unknown) {
  for (let i = 0; i < Math.min(n, 20000); i++) fn(i);
  const t0 = process.hrtime.bigint();
  for (let i = 0; i < n; i++) fn(i);
  const dt = Number(process.hrtime.bigint() - t0) / 1e9;
  console.log(name, (n / dt).toFixed(0), 'ops/s', ((dt / n) * 1e6).toFixed(2), 'µs/op');
}
it('bench', () => {
  const sms = '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。hxxps://sagawa-xq[.]top/abc 問い合わせ先：０９０－１２３４－５６７８。【三井住友銀行】お客様の口座が凍結されました。至急ご確認ください https://smbc-login.ｃｏｍ/ｖｅｒｉｆｙ 本人確認が完了しない場合、ご利用を制限させていただきます。ご不明な点はカスタマーセンターまでお問い合わせください。なお、本メールは送信専用です。返信はできません。ご了承ください。';
  console.log('sms length', sms.length);
  bench('extract sms', 50000, () => I.extractIndicators(sms));
  const plain = 'お客様の口座が凍結されました。至急ご確認ください。'.repeat(12);
  bench('extract plain 300', 50000, () => I.extractIndicators(plain));
  const urls = ['https://example.com/a?b=1', 'http://Foo.Example.co.jp/x', 'https://sagawa-xq.top/abc'];
  bench('normalizeUrl', 300000, (i) => I.normalizeUrl(urls[i % 3]!));
  const doms = ['example.com', 'www.Example.co.jp', 'sagawa-xq.top'];
  bench('normalizeDomain', 300000, (i) => I.normalizeDomain(doms[i % 3]!));
  bench('normalizeIp', 300000, (i) => I.normalizeIp(i % 2 ? '192.168.1.1' : '2001:db8::1'));
  bench('normalizePhone', 300000, (i) => I.normalizePhone(i % 2 ? '090-1234-5678' : '+1 202-555-0100'));
  bench('normalizeHash', 300000, () => I.normalizeHash('D41D8CD98F00B204E9800998ECF8427E'));
  bench('normalizeEmail', 300000, () => I.normalizeEmail('Foo.Bar@Example.co.jp'));
  bench('normalizeEth', 100000, () => I.normalizeEth('0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed'));
  bench('normalizeBtc', 100000, () => I.normalizeBtc('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa'));
  const adversarial = ['a.'.repeat(50000), '0'.repeat(100000), 'https://'.repeat(12500), 'https://a'.repeat(11000), 'a@'.repeat(50000), '[.]'.repeat(33000), '1.'.repeat(50000), ':1'.repeat(50000), '0-'.repeat(50000), 'https://a.com/'+')'.repeat(100000), 'a'.repeat(100000), 'ｈ'.repeat(100000), 'が'.repeat(100000), '\u0301'.repeat(100000), 'x@a.com '.repeat(12000), '口座'.repeat(50000), 'https://a.com:99999/'.repeat(5000), 'https://sagawa '.repeat(7000), 'https://a.com/ 1/ '.repeat(6000)];
  for (const a of adversarial) { const t0 = performance.now(); const r = I.extractIndicators(a); console.log(JSON.stringify(a.slice(0, 12)), a.length, (performance.now() - t0).toFixed(1), 'ms', r.length); }
});
