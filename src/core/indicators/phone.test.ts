import { describe, expect, it } from 'vitest';
import { callingCodeOf, normalizePhone } from './phone.js';
import { ind, reason } from './testing.js';

describe('normalizePhone: Japanese numbers', () => {
  it.each([
    ['090-1234-5678', '+819012345678', 'mobile'],
    ['09012345678', '+819012345678', 'mobile'],
    ['080 1234 5678', '+818012345678', 'mobile'],
    ['070.1234.5678', '+817012345678', 'mobile'],
    ['０９０－１２３４－５６７８', '+819012345678', 'mobile'],
    ['090ー1234ー5678', '+819012345678', 'mobile'],
    ['+81 90-1234-5678', '+819012345678', 'mobile'],
    ['+81 (0)90 1234 5678', '+819012345678', 'mobile'],
    ['+81-090-1234-5678', '+819012345678', 'mobile'],
    ['＋８１ ９０ １２３４ ５６７８', '+819012345678', 'mobile'],
    ['0081-90-1234-5678', '+819012345678', 'mobile'],
    ['tel:+81-90-1234-5678', '+819012345678', 'mobile'],
    ['(03) 1234-5678', '+81312345678', 'fixed'],
    ['03-1234-5678', '+81312345678', 'fixed'],
    ['06-6123-4567', '+81661234567', 'fixed'],
    ['011-123-4567', '+81111234567', 'fixed'],
    ['0476-12-3456', '+81476123456', 'fixed'],
    ['0120-123-456', '+81120123456', 'toll_free'],
    ['0120-12-3456', '+81120123456', 'toll_free'],
    ['0800-123-4567', '+818001234567', 'toll_free'],
    ['050-1234-5678', '+815012345678', 'ip_phone'],
    ['0570-123-456', '+81570123456', 'navi_dial'],
    ['0990-123-456', '+81990123456', 'premium'],
    ['020-1234-5678', '+812012345678', 'm2m'],
  ])('%s → %s (%s)', (input, e164, lineType) => {
    const i = ind(normalizePhone(input));
    expect(i.type).toBe('phone');
    expect(i.value).toBe(e164);
    expect(i.attributes.lineType).toBe(lineType);
    expect(i.attributes.country).toBe('JP');
    expect(i.attributes.callingCode).toBe('81');
  });

  it('national format attribute', () => {
    expect(ind(normalizePhone('09012345678')).attributes.national).toBe('090-1234-5678');
    expect(ind(normalizePhone('+815012345678')).attributes.national).toBe('050-1234-5678');
    expect(ind(normalizePhone('0120123456')).attributes.national).toBe('0120-123-456');
    expect(ind(normalizePhone('0312345678')).attributes.national).toBe('03-1234-5678');
    expect(ind(normalizePhone('0476123456')).attributes.national).toBeUndefined();
  });

  it.each([
    ['090-1234-567', /Japanese/],
    ['090-1234-56789', /Japanese/],
    ['0120-123-4567', /Japanese/],
    ['0312-345-67', /short/],
    ['03-1234-56789', /Japanese/],
    ['0000000000', /calling code/],
    ['+81 120 1234 567', /Japanese/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizePhone(input))).toMatch(re);
  });
});

describe('normalizePhone: international', () => {
  it.each([
    ['+1 202-555-0100', '+12025550100', '1', 'NANP'],
    ['+1 (202) 555-0100', '+12025550100', '1', 'NANP'],
    ['00 44 20 7946 0958', '+442079460958', '44', 'GB'],
    ['010-1-202-555-0100', '+12025550100', '1', 'NANP'],
    ['010 86 10 1234 5678', '+861012345678', '86', 'CN'],
    ['+82 10-1234-5678', '+821012345678', '82', 'KR'],
    ['+886 912 345 678', '+886912345678', '886', 'TW'],
    ['+852 5123 4567', '+85251234567', '852', 'HK'],
    ['+63 917 123 4567', '+639171234567', '63', 'PH'],
    ['+84 91 234 56 78', '+84912345678', '84', 'VN'],
    ['+855 12 345 678', '+85512345678', '855', 'KH'],
    ['+95 9 123 456 789', '+959123456789', '95', 'MM'],
    ['+7 912 345-67-89', '+79123456789', '7', 'RU'],
    ['+49 30 123456', '+4930123456', '49', 'DE'],
    ['+420 601 123 456', '+420601123456', '420', 'other'],
    ['+353 1 234 5678', '+35312345678', '353', 'other'],
  ])('%s → %s', (input, e164, cc, country) => {
    const i = ind(normalizePhone(input));
    expect(i.value).toBe(e164);
    expect(i.attributes.callingCode).toBe(cc);
    expect(i.attributes.country).toBe(country);
    expect(i.attributes.lineType).toBe('international');
  });

  it.each([
    ['81-90-1234-5678', /ambiguous/],
    ['819012345678', /ambiguous/],
    ['2025550100', /ambiguous/],
    ['+1 202 555 010', /NANP/],
    ['+44 1234 5678 9012 345', /15 digits/],
    ['+44 12', /short/],
    ['+0 123 4567', /calling code/],
    ['090-CALL-NOW', /letters/],
    ['03-1234-5678 ext 9', /letters/],
    ['1+2025550100', /misplaced/],
    ['090_1234_5678', /invalid character/],
    ['', /no digits/],
    ['---', /no digits/],
  ])('rejects %s', (input, re) => {
    expect(reason(normalizePhone(input))).toMatch(re);
  });

  it('splits calling codes by ITU zones', () => {
    expect(callingCodeOf('12025550100')).toBe('1');
    expect(callingCodeOf('79123456789')).toBe('7');
    expect(callingCodeOf('819012345678')).toBe('81');
    expect(callingCodeOf('85212345678')).toBe('852');
    expect(callingCodeOf('3531234567')).toBe('353');
    expect(callingCodeOf('201234567')).toBe('20');
    expect(callingCodeOf('2121234567')).toBe('212');
    expect(callingCodeOf('0123')).toBeNull();
  });
});
