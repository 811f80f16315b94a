import { describe, expect, it } from 'vitest';
import { diff, renderDiff } from './diff.js';
import { redact } from './redact.js';
import type { PiiKind } from './types.js';

function kinds(text: string, options = {}): [PiiKind, string][] {
  return redact(text, options).spans.map((s) => [s.kind, s.original]);
}

describe('redact: one test per kind', () => {
  it('person names: labels, honorifics, spaces, katakana, romanised, lists', () => {
    expect(kinds('氏名：山田太郎（65歳）')).toEqual([['person_name', '山田太郎']]);
    expect(kinds('被害者高橋　美咲さん宅に男が来た。')).toEqual([['person_name', '高橋　美咲']]);
    expect(kinds('口座名義人：ｽｽﾞｷ ﾊﾅｺ')).toEqual([['person_name', 'ｽｽﾞｷ ﾊﾅｺ']]);
    expect(kinds('関係者一覧：山田太郎、佐藤花子、田中一郎').map(([, o]) => o)).toEqual([
      '山田太郎',
      '佐藤花子',
      '田中一郎',
    ]);
    expect(kinds('Complainant YAMADA Taro reported it.')).toEqual([['person_name', 'YAMADA Taro']]);
    expect(kinds('The caller asked Mrs. Suzuki for her card.')).toEqual([['person_name', 'Mrs. Suzuki']]);
  });

  it('postal addresses: 〒, kanji numerals, buildings, English', () => {
    expect(kinds('住所：〒160-0023 東京都新宿区西新宿１－２－３ サンハイツ201号室')).toEqual([
      ['postal_address', '〒160-0023 東京都新宿区西新宿１－２－３ サンハイツ201号室'],
    ]);
    expect(kinds('神奈川県横浜市港北区日吉本町一丁目二番三号を訪問')).toEqual([
      ['postal_address', '神奈川県横浜市港北区日吉本町一丁目二番三号'],
    ]);
    expect(kinds('She lives at 1-2-3 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023.')).toEqual([
      ['postal_address', '1-2-3 Nishi-Shinjuku, Shinjuku-ku, Tokyo 160-0023'],
    ]);
  });

  it('phones in every Japanese spelling; free-dial numbers are business lines and stay', () => {
    for (const p of [
      '090-1234-5678',
      '０９０－１２３４－５６７８',
      '03(1234)5678',
      '+81 (0)90 1234 5678',
      '050-3123-4567',
    ]) {
      expect(kinds(`連絡先は${p}です`)).toEqual([['phone', p]]);
    }
    expect(kinds('TEL090-1234-5678')).toEqual([['phone', '090-1234-5678']]);
    expect(kinds('代表 0120-123-456')).toEqual([]);
  });

  it('e-mail, bank accounts (number only), ゆうちょ 記号番号, katakana holder', () => {
    expect(kinds('連絡は taro@example.co.jp まで')).toEqual([['email', 'taro@example.co.jp']]);
    expect(kinds('三井住友銀行 新宿支店 普通 1234567 ヤマダ タロウ')).toEqual([
      ['bank_account', '1234567'],
      ['person_name', 'ヤマダ タロウ'],
    ]);
    expect(kinds('ゆうちょ銀行 記号10120 番号12345671')).toEqual([
      ['bank_account', '10120'],
      ['bank_account', '12345671'],
    ]);
  });

  it('cards need Luhn, My Number needs its check digit or a label', () => {
    expect(kinds('カード 4111 1111 1111 1111')).toEqual([['credit_card', '4111 1111 1111 1111']]);
    expect(kinds('カード 4111 1111 1111 1112')).toEqual([]);
    expect(kinds('写し 1234 5678 9018 を確認')).toEqual([['my_number', '1234 5678 9018']]);
    expect(kinds('お問い合わせ番号 1234 5678 9018')).toEqual([]);
    expect(kinds('注文 123456789019')).toEqual([]);
    expect(kinds('マイナンバー：123456789019')).toEqual([['my_number', '123456789019']]);
  });

  it('birth dates need evidence; incident dates stay', () => {
    expect(kinds('生年月日 昭和60年3月12日')).toEqual([['date_of_birth', '昭和60年3月12日']]);
    expect(kinds('1985年3月12日生まれ')).toEqual([['date_of_birth', '1985年3月12日']]);
    expect(kinds('2024年3月5日にATMで引き出した')).toEqual([]);
  });

  it('IP addresses of victims, but not the host of a URL', () => {
    expect(kinds('接続元IP 203.0.113.45')).toEqual([['ip_address', '203.0.113.45']]);
    expect(kinds('偽サイト http://198.51.100.7/login')).toEqual([]);
  });

  it('licence plates', () => {
    expect(kinds('車両（品川 300 あ 12-34）')).toEqual([['license_plate', '品川 300 あ 12-34']]);
  });

  it('alsoRedact removes case values; keep protects the public ones', () => {
    const text = '鬼塚竜也容疑者は090-9999-0000から電話し、被害者山田さんに送金させた。';
    const r = redact(text, { alsoRedact: ['鬼塚 竜也'], keep: ['０９０９９９９００００'] });
    expect(r.spans.map((s) => [s.kind, s.original])).toEqual([
      ['investigation', '鬼塚竜也'],
      ['person_name', '山田'],
    ]);
    expect(r.text).toBe('［捜査情報1］容疑者は090-9999-0000から電話し、被害者［氏名1］さんに送金させた。');
    expect(r.stats.keptByRequest).toBeGreaterThan(0);
  });
});

describe('redact: placeholders, policy, benign look-alikes', () => {
  it('numbers placeholders per kind; the same original keeps its number', () => {
    const r = redact('山田さんは佐藤さんに電話した。山田さんの番号は090-1234-5678、０９０１２３４５６７８。');
    expect(r.text).toBe(
      '［氏名1］さんは［氏名2］さんに電話した。［氏名1］さんの番号は［電話番号1］、［電話番号1］。',
    );
    expect(r.stats.distinctByKind).toEqual({ person_name: 2, phone: 1 });
  });

  it('uses English placeholders for English text', () => {
    expect(redact('Victim: Taro Yamada, phone 090-1234-5678.').text).toBe('Victim: [name1], phone [phone1].');
  });

  it('partners policy keeps the indicators partners act on', () => {
    const r = redact('被害者山田太郎さん、電話090-1234-5678、普通 1234567', { policy: 'partners' });
    expect(r.text).toBe('被害者［氏名1］さん、電話090-1234-5678、普通 1234567');
  });

  it('leaves banks, stations, police, amounts, case numbers and incident dates alone', () => {
    const text =
      '令和6年5月10日、三井住友銀行新宿支店で50万円が引き出された。東京駅と新宿警察署、大阪府警、松本市や中村区でも被害。事件番号2024-1234、受理番号R6-00412。';
    expect(redact(text).spans).toEqual([]);
  });

  it('is idempotent on its own output', () => {
    const text = '相談者：山田太郎、住所：東京都世田谷区成城6-15-2、電話090-1234-5678、口座 普通 1234567';
    const once = redact(text);
    expect(redact(once.text).text).toBe(once.text);
    expect(redact(once.text).spans).toEqual([]);
  });
});

describe('diff', () => {
  it('cuts the original into same and removed segments and renders them', () => {
    const text = '氏名：山田太郎 電話090-1234-5678';
    const d = diff(text, redact(text));
    expect(d.segments.map((s) => s.type)).toEqual(['same', 'removed', 'same', 'removed']);
    expect(renderDiff(d)).toBe('氏名：[-山田太郎-]{+［氏名1］+} 電話[-090-1234-5678-]{+［電話番号1］+}');
    expect(renderDiff(d, 'list').split('\n')).toEqual([
      'person_name    山田太郎 → ［氏名1］  name_labelled 0.90 @3-7',
      'phone          090-1234-5678 → ［電話番号1］  phone_shape 0.95 @10-23',
      'removed 2 (person_name 1, phone 1)',
    ]);
  });

  it('skips spans that do not belong to the text', () => {
    const d = diff('abc', redact('氏名：山田太郎'));
    expect(d.segments).toEqual([{ type: 'same', start: 0, end: 3, text: 'abc' }]);
  });
});
