import { describe, expect, it } from 'vitest';
import { base58Decode, eip55, normalizeBtc, normalizeEth } from './crypto.js';
import { ind, reason } from './testing.js';

describe('normalizeBtc: Base58Check', () => {
  it.each([
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa', 'mainnet', 'p2pkh'],
    ['1BvBMSEYstWetqTFn5Au4m4GFg7xJaNVN2', 'mainnet', 'p2pkh'],
    ['3J98t1WpEZ73CNmQviecrnyiWrnqRhWNLy', 'mainnet', 'p2sh'],
    ['mipcBbFg9gMiCh81Kj8tqqdgoZub1ZJRfn', 'testnet', 'p2pkh'],
    ['2MzQwSSnBHWHqSAqtTVQ6v47XtaisrJa1Vc', 'testnet', 'p2sh'],
  ])('%s is %s %s (value kept case-sensitive)', (addr, network, format) => {
    const i = ind(normalizeBtc(` ${addr} `));
    expect(i.value).toBe(addr);
    expect(i.attributes).toEqual({ network, format });
  });

  it('accepts bitcoin: URIs', () => {
    expect(ind(normalizeBtc('bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa?amount=0.1')).value).toBe(
      '1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa',
    );
  });

  it.each([
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb', /checksum/],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfN0', /Base58 character/],
    ['1A1zP1eP5QGefi2DMPTfTL5SLmv7Divf', /length|checksum/],
    ['short', /length/],
    ['', /empty/],
  ])('rejects %s', (addr, re) => {
    expect(reason(normalizeBtc(addr))).toMatch(re);
  });

  it('base58 decoding keeps leading zero bytes', () => {
    expect(Array.from(base58Decode('112') ?? [])).toEqual([0, 0, 1]);
    expect(base58Decode('0OIl')).toBeNull();
  });
});

describe('normalizeBtc: bech32 / bech32m (BIP173, BIP350 test vectors)', () => {
  it.each([
    ['BC1QW508D6QEJXTDG4Y5R3ZARVARY0C5XW7KV8F3T4', 'mainnet', 'p2wpkh', 0],
    ['tb1qrp33g0q5c5txsp9arysrx4k6zdkfs4nce4xj0gdcccefvpysxf3q0sl5k7', 'testnet', 'p2wsh', 0],
    ['tb1qqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesrxh6hy', 'testnet', 'p2wsh', 0],
    ['bc1pw508d6qejxtdg4y5r3zarvary0c5xw7kw508d6qejxtdg4y5r3zarvary0c5xw7kt5nd6y', 'mainnet', 'segwit', 1],
    ['BC1SW50QGDZ25J', 'mainnet', 'segwit', 16],
    ['bc1zw508d6qejxtdg4y5r3zarvaryvaxxpcs', 'mainnet', 'segwit', 2],
    ['tb1pqqqqp399et2xygdj5xreqhjjvcmzhxw4aywxecjdzew6hylgvsesf3hn0c', 'testnet', 'p2tr', 1],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqzk5jj0', 'mainnet', 'p2tr', 1],
  ])('valid %s', (addr, network, format, witnessVersion) => {
    const i = ind(normalizeBtc(addr));
    expect(i.value).toBe(addr.toLowerCase());
    expect(i.attributes).toEqual({ network, format, witnessVersion });
  });

  it.each([
    ['tc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq5zuyut', /prefix/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqh2y7hd', /bech32m/],
    ['tb1z0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vqglt7rf', /bech32m/],
    ['BC1S0XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ54WELL', /bech32m/],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kemeawh', /v0 must use bech32/],
    ['tb1q0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq24jc47', /v0 must use bech32/],
    ['bc1p38j9r5y49hruaue7wxjce0updqjuyyx0kh56v8s25huc6995vvpql3jow4', /character/],
    ['BC130XLXVLHEMJA6C4DQV22UAPCTQUPFHLXM9H8Z3K2E72Q4K9HCZ7VQ7ZWS8R', /witness version/],
    ['bc1pw5dgrnzv', /length/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v8n0nx0muaewav253zgeav', /program length/],
    ['BC1QR508D6QEJXTDG4Y5R3ZARVARYV98GJ9P', /20 or 32/],
    ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vq47Zagq', /mixed-case/],
    ['bc1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7v07qwwzcrf', /padding/],
    ['tb1p0xlxvlhemja6c4dqv22uapctqupfhlxm9h8z3k2e72q4k9hcz7vpggkg4j', /padding/],
    ['bc1gmk9yu', /length/],
    ['bc1qw508d6qejxtdg4y5r3zarvary0c5xw7kv8f3t5', /checksum/],
  ])('invalid %s', (addr, re) => {
    expect(reason(normalizeBtc(addr))).toMatch(re);
  });
});

describe('normalizeEth (EIP-55)', () => {
  const vectors = [
    '0x52908400098527886E0F7030069857D2E4169EE7',
    '0x8617E340B3D01FA5F11F306F4090FD50E238070D',
    '0xde709f2102306220921060314715629080e2fb77',
    '0x27b1fdb04752bbc536007a920d24acb045561c26',
    '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    '0xfB6916095ca1df60bB79Ce92cE3Ea74c37c5d359',
    '0xdbF03B407c01E7cD3CBea99509d93f8DDDC8C6FB',
    '0xD1220A0cf47c7B9Be7A2E6BA89F429762e7b9aDb',
  ];

  it.each(vectors)('%s round-trips through lowercase and EIP-55', (addr) => {
    const i = ind(normalizeEth(addr));
    expect(i.value).toBe(`0x${addr.slice(2).toLowerCase()}`);
    expect(i.attributes.checksummed).toBe(addr);
    expect(eip55(addr.slice(2).toLowerCase())).toBe(addr);
  });

  it('accepts all-lowercase and all-uppercase without checksum check', () => {
    const lower = '0x5aaeb6053f3e94c9b9a09f33669435e7ef1beaed';
    expect(ind(normalizeEth(lower)).attributes.checksummed).toBe(
      '0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed',
    );
    expect(ind(normalizeEth('0x5AAEB6053F3E94C9B9A09F33669435E7EF1BEAED')).value).toBe(lower);
    expect(ind(normalizeEth('0X5aaeb6053f3e94c9b9a09f33669435e7ef1beaed')).value).toBe(lower);
    expect(ind(normalizeEth('ethereum:0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed@1')).value).toBe(lower);
  });

  it.each([
    ['0x5aaeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /checksum/],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAeD', /checksum/],
    ['5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /0x/],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAe', /0x/],
    ['0x5aAeb6053F3E94C9b9A09f33669435E7Ef1BeAedd', /0x/],
    ['0xZZAeb6053F3E94C9b9A09f33669435E7Ef1BeAed', /0x/],
  ])('rejects %s', (addr, re) => {
    expect(reason(normalizeEth(addr))).toMatch(re);
  });
});
