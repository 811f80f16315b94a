/**
 * Cryptocurrency addresses: Bitcoin (Base58Check P2PKH/P2SH, bech32 / bech32m segwit) and
 * Ethereum (EIP-55). All checksums are verified.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { keccak_256 } from '@noble/hashes/sha3.js';
import { fail, ok } from './result.js';
import type { NormalizeResult } from './types.js';

const B58_ALPHABET = '123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz';
const B58_VALUES: readonly number[] = Array.from({ length: 128 }, (_, c) =>
  B58_ALPHABET.indexOf(String.fromCharCode(c)),
);

/** Base58 → bytes (leading '1' → 0x00), or null on an invalid character. */
export function base58Decode(s: string): Uint8Array | null {
  const work = new Uint8Array(s.length);
  let len = 0;
  let zeros = 0;
  while (zeros < s.length && s.charCodeAt(zeros) === 49) zeros++;
  for (let i = zeros; i < s.length; i++) {
    const c = s.charCodeAt(i);
    let carry = c < 128 ? (B58_VALUES[c] as number) : -1;
    if (carry < 0) return null;
    for (let k = 0; k < len; k++) {
      carry += (work[k] as number) * 58;
      work[k] = carry & 0xff;
      carry >>= 8;
    }
    while (carry > 0) {
      work[len++] = carry & 0xff;
      carry >>= 8;
    }
  }
  const out = new Uint8Array(zeros + len);
  for (let k = 0; k < len; k++) out[zeros + k] = work[len - 1 - k] as number;
  return out;
}

const BASE58_VERSIONS: Readonly<Record<number, [string, string]>> = {
  0: ['mainnet', 'p2pkh'],
  5: ['mainnet', 'p2sh'],
  111: ['testnet', 'p2pkh'],
  196: ['testnet', 'p2sh'],
};

function base58Check(s: string): NormalizeResult {
  const bytes = base58Decode(s);
  if (bytes === null) return fail('invalid Base58 character');
  if (bytes.length !== 25) return fail('invalid Base58Check payload length');
  const payload = bytes.subarray(0, 21);
  const check = sha256(sha256(payload));
  for (let k = 0; k < 4; k++) if (check[k] !== bytes[21 + k]) return fail('Base58Check checksum mismatch');
  const version = BASE58_VERSIONS[bytes[0] as number];
  if (version === undefined) return fail('unknown address version byte');
  return ok('btc', s, { network: version[0], format: version[1] });
}

const BECH32_CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_GENERATOR = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3] as const;
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;

function polymodStep(chk: number, v: number): number {
  const top = chk >>> 25;
  let c = ((chk & 0x1ffffff) << 5) ^ v;
  for (let i = 0; i < 5; i++) if ((top >>> i) & 1) c ^= BECH32_GENERATOR[i] as number;
  return c;
}

/** Decodes and verifies a segwit address (BIP173 / BIP350). */
function segwit(s: string): NormalizeResult {
  if (s.length < 14 || s.length > 90) return fail('invalid bech32 length');
  const lower = s.toLowerCase();
  if (lower !== s && s.toUpperCase() !== s) return fail('mixed-case bech32');
  const sep = lower.lastIndexOf('1');
  const hrp = lower.slice(0, sep);
  if (hrp !== 'bc' && hrp !== 'tb') return fail('unknown bech32 prefix (expected bc or tb)');
  const data: number[] = [];
  for (let i = sep + 1; i < lower.length; i++) {
    const v = BECH32_CHARSET.indexOf(lower[i] as string);
    if (v < 0) return fail('invalid bech32 character');
    data.push(v);
  }
  if (data.length < 7) return fail('bech32 data too short');
  let chk = 1;
  for (let i = 0; i < hrp.length; i++) chk = polymodStep(chk, hrp.charCodeAt(i) >> 5);
  chk = polymodStep(chk, 0);
  for (let i = 0; i < hrp.length; i++) chk = polymodStep(chk, hrp.charCodeAt(i) & 31);
  for (const v of data) chk = polymodStep(chk, v);
  if (chk !== BECH32_CONST && chk !== BECH32M_CONST) return fail('bech32 checksum mismatch');
  const version = data[0] as number;
  if (version > 16) return fail('invalid witness version');
  let acc = 0;
  let bits = 0;
  let programLength = 0;
  for (let i = 1; i < data.length - 6; i++) {
    acc = ((acc << 5) | (data[i] as number)) & 0xfff;
    bits += 5;
    if (bits >= 8) {
      bits -= 8;
      programLength++;
    }
  }
  if (bits >= 5 || (acc & ((1 << bits) - 1)) !== 0) return fail('invalid bech32 padding');
  if (programLength < 2 || programLength > 40) return fail('invalid witness program length');
  if (version === 0 && chk !== BECH32_CONST) return fail('segwit v0 must use bech32, not bech32m');
  if (version !== 0 && chk !== BECH32M_CONST) return fail('segwit v1+ must use bech32m (BIP350)');
  let format = 'segwit';
  if (version === 0) {
    if (programLength === 20) format = 'p2wpkh';
    else if (programLength === 32) format = 'p2wsh';
    else return fail('segwit v0 program must be 20 or 32 bytes');
  } else if (version === 1 && programLength === 32) format = 'p2tr';
  return ok('btc', lower, {
    network: hrp === 'bc' ? 'mainnet' : 'testnet',
    format,
    witnessVersion: version,
  });
}

const BTC_URI_RE = /^bitcoin:/i;

/** Normalizes a Bitcoin address; bech32 is lowercased, Base58 is case-sensitive and kept as is. */
export function normalizeBtc(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 256) return fail('too long for a Bitcoin address');
  let s = raw.trim();
  if (/[^\x20-\x7e]/.test(s)) s = s.normalize('NFKC').trim();
  if (BTC_URI_RE.test(s)) s = s.slice(8).split('?')[0] as string;
  if (s.length === 0) return fail('empty address');
  if (/^(?:bc|tb)1/i.test(s) || (s.length > 35 && /^[a-z]{1,83}1/i.test(s))) return segwit(s);
  if (s.length < 25 || s.length > 35) return fail('not a Bitcoin address (bad length)');
  return base58Check(s);
}

const ETH_RE = /^0[xX][0-9a-fA-F]{40}$/;

/** EIP-55 mixed-case checksum encoding of a lowercase 40-hex address (without 0x). */
export function eip55(lowerHex: string): string {
  const input = new Uint8Array(40);
  for (let i = 0; i < 40; i++) input[i] = lowerHex.charCodeAt(i);
  const hash = keccak_256(input);
  let out = '0x';
  for (let i = 0; i < 40; i++) {
    const ch = lowerHex[i] as string;
    const byte = hash[i >> 1] as number;
    const nibble = i % 2 === 0 ? byte >> 4 : byte & 15;
    out += nibble >= 8 ? ch.toUpperCase() : ch;
  }
  return out;
}

/** Normalizes an Ethereum address to lowercase; mixed-case input must carry a valid EIP-55 checksum. */
export function normalizeEth(raw: string): NormalizeResult {
  if (typeof raw !== 'string') return fail('not a string');
  if (raw.length > 256) return fail('too long for an Ethereum address');
  let s = raw.trim();
  if (/[^\x20-\x7e]/.test(s)) s = s.normalize('NFKC').trim();
  if (/^ethereum:/i.test(s)) s = s.slice(9).split(/[@/?]/)[0] as string;
  if (!ETH_RE.test(s)) return fail('not an Ethereum address (expected 0x + 40 hex digits)');
  const hex = s.slice(2);
  const lower = hex.toLowerCase();
  const checksummed = eip55(lower);
  if (lower !== hex && hex.toUpperCase() !== hex && checksummed !== `0x${hex}`) {
    return fail('EIP-55 checksum mismatch');
  }
  return ok('eth', `0x${lower}`, { checksummed });
}
