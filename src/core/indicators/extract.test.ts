import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { extractIndicators, extractLinksAndPhones } from './extract.js';
import { NormalizeMemo } from './normalize-memo.js';
import { prepareWithFacts } from './prescan.js';
import { prepareText } from './text.js';

/** `key` plus the original text covered by the span, for readable assertions. */
function found(text: string): Array<[string, string]> {
  return extractIndicators(text).map((x) => [x.key, x.span ? text.slice(x.span[0], x.span[1]) : '']);
}

function keys(text: string): string[] {
  return extractIndicators(text).map((x) => x.key);
}

describe('extractIndicators: Japanese smishing SMS', () => {
  it('defanged parcel-delivery lure', () => {
    const sms =
      '【佐川急便】お荷物のお届けにあがりましたが不在の為持ち帰りました。配送物は下記よりご確認ください。hxxps://sagawa-xq[.]top/abc';
    expect(found(sms)).toEqual([
      ['url:https://sagawa-xq.top/abc', 'hxxps://sagawa-xq[.]top/abc'],
      ['domain:sagawa-xq.top', 'hxxps://sagawa-xq[.]top/abc'],
    ]);
  });

  it('bank lure with a full-width TLD and path', () => {
    const sms =
      '【三井住友銀行】お客様の口座が凍結されました。至急ご確認ください https://smbc-login.ｃｏｍ/ｖｅｒｉｆｙ';
    expect(found(sms)).toEqual([
      ['url:https://smbc-login.com/verify', 'https://smbc-login.ｃｏｍ/ｖｅｒｉｆｙ'],
      ['domain:smbc-login.com', 'https://smbc-login.ｃｏｍ/ｖｅｒｉｆｙ'],
    ]);
  });

  it('URL wrapped across lines by the handset', () => {
    const sms =
      '【ヤマト運輸】お届け予定のお荷物について確認が必要です。\nhttps://kuroneko-yamato.\ncom-xz.top/track?id=8812\nご確認をお願いします。';
    expect(keys(sms)).toEqual([
      'url:https://kuroneko-yamato.com-xz.top/track?id=8812',
      'domain:kuroneko-yamato.com-xz.top',
    ]);
  });

  it('URL with a space inserted inside the host', () => {
    expect(found('URL:https://sagawa-xq .top/abc と https://www.sagawa -xq.top/d')).toEqual([
      ['url:https://sagawa-xq.top/abc', 'https://sagawa-xq .top/abc'],
      ['domain:sagawa-xq.top', 'https://sagawa-xq .top/abc'],
      ['url:https://www.sagawa-xq.top/d', 'https://www.sagawa -xq.top/d'],
      ['domain:www.sagawa-xq.top', 'https://www.sagawa -xq.top/d'],
    ]);
  });

  it('joins a path continuation only across a line break, and only when it looks like a URL tail', () => {
    const text = 'https://evil.example.com/a/ 12345 これは続きではない https://evil.example.com/b/\nx7Gh2k';
    expect(keys(text)).toEqual([
      'url:https://evil.example.com/a/',
      'domain:evil.example.com',
      'url:https://evil.example.com/b/x7Gh2k',
    ]);
    expect(keys('https://evil.example.com/b/\nPlease click')).toEqual([
      'url:https://evil.example.com/b/',
      'domain:evil.example.com',
    ]);
    expect(keys('https://evil.example.com/b/\nhttps://other.example.org/')).toContain(
      'url:https://other.example.org/',
    );
  });

  it('tax-office lure: sentence-final 。 is not part of the URL', () => {
    const sms =
      '【国税庁】未払いの税金があります。本日中にお支払いください。https://nta-go.jp.tax-pay.cn/pay?no=3321。詳しくは https://www.nta.go.jp/ をご覧ください。';
    expect(found(sms)).toEqual([
      ['url:https://nta-go.jp.tax-pay.cn/pay?no=3321', 'https://nta-go.jp.tax-pay.cn/pay?no=3321'],
      ['domain:nta-go.jp.tax-pay.cn', 'https://nta-go.jp.tax-pay.cn/pay?no=3321'],
      ['url:https://www.nta.go.jp/', 'https://www.nta.go.jp/'],
      ['domain:www.nta.go.jp', 'https://www.nta.go.jp/'],
    ]);
  });

  it('https://example.com/a。詳しくは stops before 。 while example。com is a dot', () => {
    expect(keys('https://example.com/a。詳しくは')).toEqual([
      'url:https://example.com/a',
      'domain:example.com',
    ]);
    expect(keys('サイト example。com を確認')).toEqual(['domain:example.com']);
  });

  it('full-width parentheses after a URL are prose', () => {
    const sms = 'お支払い情報を更新してください：https://amaz0n-jp.com-secure.xyz/signin（２４時間以内）';
    expect(keys(sms)).toEqual([
      'url:https://amaz0n-jp.com-secure.xyz/signin',
      'domain:amaz0n-jp.com-secure.xyz',
    ]);
  });

  it('carrier lure with a wrapped host and a toll-free number', () => {
    const sms =
      '【au】ご利用料金のお支払い確認がとれておりません。https://au-kddi.\nkddi-pay.top/login ＊お問合せ 0120-123-456';
    expect(keys(sms)).toEqual([
      'url:https://au-kddi.kddi-pay.top/login',
      'domain:au-kddi.kddi-pay.top',
      'phone:+81120123456',
    ]);
  });

  it('brackets around URLs: 「」【】（）[] and trailing punctuation', () => {
    expect(keys('再開手続き：「https://eki-net.co-jp.info/」よりお願いします。')).toEqual([
      'url:https://eki-net.co-jp.info/',
      'domain:eki-net.co-jp.info',
    ]);
    expect(keys('【https://a.example.com/x】')).toEqual([
      'url:https://a.example.com/x',
      'domain:a.example.com',
    ]);
    expect(
      keys(
        '（https://example.com/path_(x)）と [https://example.org/a], https://example.net/b! "https://example.info/c"',
      ),
    ).toEqual([
      'url:https://example.com/path_(x)',
      'domain:example.com',
      'url:https://example.org/a',
      'domain:example.org',
      'url:https://example.net/b',
      'domain:example.net',
      'url:https://example.info/c',
      'domain:example.info',
    ]);
    expect(keys('See https://example.com/a.')).toEqual(['url:https://example.com/a', 'domain:example.com']);
    expect(keys('See https://example.com/a, then')).toEqual([
      'url:https://example.com/a',
      'domain:example.com',
    ]);
  });

  it('IDN hosts followed directly by Japanese prose', () => {
    expect(found('詳細はこちら→https://例え.jp/news と https://example.comをクリック')).toEqual([
      ['url:https://xn--r8jz45g.jp/news', 'https://例え.jp/news'],
      ['domain:xn--r8jz45g.jp', 'https://例え.jp/news'],
      ['url:https://example.com/', 'https://example.com'],
      ['domain:example.com', 'https://example.com'],
    ]);
  });

  it('h-less ttps:// links (2ch style)', () => {
    expect(keys('ttps://evil.example.com/x')).toEqual([
      'url:https://evil.example.com/x',
      'domain:evil.example.com',
    ]);
  });

  it('scheme-less URLs and bare domains', () => {
    expect(
      keys(
        '公式サイト www.smbc.co.jp または smbc.co.jp/login をご確認ください。偽サイト sagawa-xq.top に注意。',
      ),
    ).toEqual([
      'url:http://www.smbc.co.jp/',
      'domain:www.smbc.co.jp',
      'url:http://smbc.co.jp/login',
      'domain:smbc.co.jp',
      'domain:sagawa-xq.top',
    ]);
    expect(keys('foo-bar.top/login へ')).toEqual(['url:http://foo-bar.top/login', 'domain:foo-bar.top']);
    expect(keys('Amazon.co.jpをご利用いただき')).toEqual(['domain:amazon.co.jp']);
    expect(keys('xn--r8jz45g.jp')).toEqual(['domain:xn--r8jz45g.jp']);
  });

  it('IP-host URLs emit the IP', () => {
    expect(keys('サーバー http://192.0.2.10:8080/admin/login.php にログイン')).toEqual([
      'url:http://192.0.2.10:8080/admin/login.php',
      'ipv4:192.0.2.10',
    ]);
    expect(keys('203.0.113.5/login')).toEqual(['url:http://203.0.113.5/login', 'ipv4:203.0.113.5']);
  });
});

describe('extractIndicators: other indicator types', () => {
  it('emails, including defanged ones', () => {
    const text =
      'お客様のメールアドレス(taro.yamada@example.co.jp)宛に確認メールを送りました。お問い合わせは support[at]secure-mail[.]jp まで。';
    expect(found(text)).toEqual([
      ['email:taro.yamada@example.co.jp', 'taro.yamada@example.co.jp'],
      ['email:support@secure-mail.jp', 'support[at]secure-mail[.]jp'],
    ]);
    expect(keys('mailto:info@example.com')).toEqual(['email:info@example.com']);
    expect(keys('@example.com user@ a@b')).toEqual([]);
  });

  it('phone numbers: hyphenated, full-width, long-vowel dashes, international', () => {
    expect(found('電話番号は０３－１２３４－５６７８、携帯は０９０ー１２３４ー５６７８です。')).toEqual([
      ['phone:+81312345678', '０３－１２３４－５６７８'],
      ['phone:+819012345678', '０９０ー１２３４ー５６７８'],
    ]);
    expect(
      keys('TEL 090-1234-5678 / 03-1234-5678 / +81 80-9876-5432 / 0120-12-3456 / +1 202-555-0100'),
    ).toEqual([
      'phone:+819012345678',
      'phone:+81312345678',
      'phone:+818098765432',
      'phone:+81120123456',
      'phone:+12025550100',
    ]);
    expect(keys('ＴＥＬ．０３－１２３４－５６７８')).toEqual(['phone:+81312345678']);
    expect(keys('(03) 1234-5678まで')).toEqual(['phone:+81312345678']);
    expect(keys('090-1234-5678 03-1111-2222')).toEqual(['phone:+819012345678', 'phone:+81311112222']);
  });

  it('bank accounts: dashed form, labelled form and ゆうちょ', () => {
    expect(keys('至急 0009-123-7654321 へお振込みください。')).toEqual(['bank_account:0009-123-7654321']);
    const text =
      '振込先：三井住友銀行 新宿支店（店番123）普通 1234567 ｶ)ｻｷﾞｼｮｳｶｲ または ゆうちょ銀行 記号12345 番号12345671';
    expect(found(text)).toEqual([
      ['bank_account:0009-123-1234567', '三井住友銀行 新宿支店（店番123）普通 1234567'],
      ['bank_account:9900-238-1234567', '記号12345 番号12345671'],
    ]);
    expect(keys('銀行コード0009 支店123 普通 1234567')).toEqual(['bank_account:0009-123-1234567']);
  });

  it('crypto addresses and hashes', () => {
    expect(
      keys(
        'ビットコインで送金: bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4 または 0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
      ),
    ).toEqual([
      'btc:bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t4',
      'eth:0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed',
    ]);
    expect(keys('送金先 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa まで')).toEqual([
      'btc:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    ]);
    expect(
      keys(
        'ハッシュ: 44d88612fea8a8f36de82e1278abb02f, sha1 3395856ce81f2b7382dee72602f798b642f14140, sha256=275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
      ),
    ).toEqual([
      'md5:44d88612fea8a8f36de82e1278abb02f',
      'sha1:3395856ce81f2b7382dee72602f798b642f14140',
      'sha256:275a021bbfb6489e54d471899f7db9d1663fc695ec2fe2a2c4538aabf651fd0f',
    ]);
  });

  it('IPv4, CIDR and IPv6', () => {
    expect(
      keys('接続元IP: 203.0.113.45, 198.51.100.7/24, 2001:db8:85a3::8a2e:370:7334 からのアクセス'),
    ).toEqual(['ipv4:203.0.113.45', 'cidr:198.51.100.0/24', 'ipv6:2001:db8:85a3::8a2e:370:7334']);
    expect(keys('[2001:db8::1]:443')).toEqual(['ipv6:2001:db8::1']);
  });

  it('does not report indicators inside a URL twice', () => {
    expect(
      keys('https://evil.example.com/d41d8cd98f00b204e9800998ecf8427e?tel=09012345678&ip=1.2.3.4&m=a@b.com'),
    ).toEqual([
      'url:https://evil.example.com/d41d8cd98f00b204e9800998ecf8427e?tel=09012345678&ip=1.2.3.4&m=a@b.com',
      'domain:evil.example.com',
    ]);
  });

  it('deduplicates by key in first-seen order', () => {
    const text =
      'sagawa-xq.top に注意。https://sagawa-xq.top/a と sagawa-xq[.]top と 090-1234-5678 と 09012345678';
    expect(keys(text)).toEqual([
      'domain:sagawa-xq.top',
      'url:https://sagawa-xq.top/a',
      'phone:+819012345678',
    ]);
    const first = extractIndicators(text)[0];
    expect(first?.span).toEqual([0, 13]);
  });
});

describe('extractIndicators: no false positives', () => {
  it.each([
    ['ordinary prose', 'お荷物のお届けにあがりましたが不在の為持ち帰りました。ご確認ください。'],
    ['English prose', 'Please call us at your convenience. We are open 9am to 5pm, Mon.-Fri.'],
    ['file names', '資料は report.pdf と image.png、README.md、setup.sh、main.py、archive.zip を参照。'],
    ['version numbers', 'v1.2.3 をリリースしました。Node.js 20.11.0 と ver.2.0 に対応。'],
    ['dates and times', '2024.11.22 12:30:45 に 2024-11-22 と 2024/11/22 を確認'],
    ['prices', '価格は¥1,234.56です。合計 12,345.00円、税込 1.10倍'],
    ['abbreviations', 'e.g. i.e. Co.Ltd. 株式会社ABC Inc. No.1 Mr.Tanaka St.Louis'],
    ['numbers', '10.5% 3.14 192.168.0 1.2.3.4.5 00:1a:2b:3c:4d:5e 1234567890123'],
    ['postal codes', '郵便番号〒100-0001 東京都千代田区千代田1-1'],
    ['short codes and ids', '認証コード 123456 を入力。会員番号 0123-4567。注文番号 250-1234567-1234567'],
    ['unlabelled digit groups', '口座が凍結されました。お問い合わせ番号 12345'],
    ['emoji and symbols', '🎉🎉 ★☆ ※ ♪ (^_^) (.) [at] ..'],
    ['bare unknown TLDs', 'hostname intranet.local と foo.invalidtld と a.b'],
    ['all-digit hex-length runs', '12345678901234567890123456789012'],
  ])('%s', (_name, text) => {
    expect(keys(text)).toEqual([]);
  });

  it('rejects invalid checksums in running text', () => {
    expect(keys('1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5')).toEqual([]);
    expect(keys('0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed')).toEqual([]);
  });

  it('handles empty and non-string input', () => {
    expect(extractIndicators('')).toEqual([]);
    expect(extractIndicators(undefined as unknown as string)).toEqual([]);
  });
});

describe('extractLinksAndPhones (the message-screening subset)', () => {
  const fragments = [
    '【佐川急便】不在の為持ち帰りました。',
    'https://sagawa-xq.top/abc',
    'hxxps://evil[.]example[.]com/x',
    'ｈｔｔｐｓ：／／ａｅｏｎ－ｊｐ．ｓｈｏｐ',
    'smbc-card.co.jp-abc.com/login',
    'お問い合わせ 090-1234-5678 まで',
    '+81 3 1234 5678',
    'mail: info@example.co.jp',
    'Sleep well.you need rest',
    'www.example.org',
    ' ',
    '\n',
    'ok.',
    'http://[2001:db8::1]/x',
    'ttps://x.jp/',
    'tel0312345678.',
    'Call 12345678 now',
  ];
  it('finds the same links and phone numbers as the full extractor', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 8 }), (parts) => {
        const text = parts.join('');
        const keys = (xs: Array<{ type: string; key: string }>) =>
          xs
            .filter((x) => x.type === 'url' || x.type === 'domain' || x.type === 'phone')
            .map((x) => x.key)
            .sort();
        expect(keys(extractLinksAndPhones(prepareText(text)))).toEqual(keys(extractIndicators(text)));
      }),
      { numRuns: 400 },
    );
  });

  it('answers the same with a normalization memo and the pre-scan facts (passes skipped, not results)', () => {
    const memo = new NormalizeMemo(8);
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...fragments), { maxLength: 8 }), (parts) => {
        const { text, facts } = prepareWithFacts(parts.join(''));
        expect(extractLinksAndPhones(text, memo, facts)).toEqual(extractLinksAndPhones(text));
      }),
      { numRuns: 400 },
    );
  });
});
