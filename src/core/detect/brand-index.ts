/**
 * Where brands are mentioned: in message text (Japanese and English names) and inside host
 * names and URL paths (ASCII tokens). One automaton per use, built once per snapshot.
 */
import { KeywordAutomaton } from './keyword-automaton.js';
import type { ProtectedBrand } from './types.js';

/** English names that are also ordinary words or too short: matched only with their exact case. */
const CASE_SENSITIVE_MAX_LENGTH = 4;
const COMMON_WORD_NAMES: ReadonlySet<string> = new Set([
  'apple',
  'line',
  'visa',
  'amazon',
  'orico',
  'ana',
  'au',
]);

/** Host tokens shorter than this only match as a whole label or hyphen-separated part. */
const MIN_EMBEDDED_TOKEN = 5;

export interface BrandMention {
  brand: string;
  name: string;
  start: number;
  end: number;
}

export interface HostTokenHit {
  brand: string;
  token: string;
  /** Offset of the token in the scanned string. */
  start: number;
}

function isAsciiAlnum(c: number): boolean {
  return (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAsciiLetter(c: number): boolean {
  return (c >= 65 && c <= 90) || (c >= 97 && c <= 122);
}

function isAscii(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (s.charCodeAt(i) > 127) return false;
  return true;
}

export interface NameEntry {
  brand: string;
  name: string;
  ascii: boolean;
  /** Short or common-word English names must match with their exact case (`au`, `LINE`, `Apple`). */
  exactCase: boolean;
}

/** ASCII names need word boundaries, and short or common-word names their exact case. */
export function acceptsMention(text: string, start: number, end: number, entry: NameEntry): boolean {
  if (!entry.ascii) return true;
  if (start > 0 && isAsciiAlnum(text.charCodeAt(start - 1))) return false;
  if (end < text.length && isAsciiLetter(text.charCodeAt(end))) return false;
  return !entry.exactCase || text.startsWith(entry.name, start);
}

export class BrandIndex {
  readonly brands: ReadonlyMap<string, ProtectedBrand>;
  /** Names (any case) → entry; `MessageKeywords` scans them together with the lure phrases. */
  readonly nameEntries: ReadonlyArray<readonly [string, NameEntry]>;
  /** One case-folding automaton over the names: a single pass over the message finds every brand. */
  private readonly names: KeywordAutomaton<NameEntry>;
  private readonly hostTokens: KeywordAutomaton<{ brand: string; token: string }>;
  /** Registrable domains and hosts that belong to a brand → brand id. */
  private readonly official = new Map<string, string>();

  constructor(brands: readonly ProtectedBrand[]) {
    this.brands = new Map(brands.map((b) => [b.id, b]));
    const names: Array<[string, NameEntry]> = [];
    const tokens: Array<[string, { brand: string; token: string }]> = [];
    for (const b of brands) {
      for (const raw of [...b.namesJa, ...b.namesEn]) {
        const name = raw.normalize('NFKC');
        const ascii = isAscii(name);
        const lower = name.toLowerCase();
        const exactCase = ascii && (name.length <= CASE_SENSITIVE_MAX_LENGTH || COMMON_WORD_NAMES.has(lower));
        names.push([name, { brand: b.id, name, ascii, exactCase }]);
      }
      for (const t of b.hostTokens) tokens.push([t.toLowerCase(), { brand: b.id, token: t.toLowerCase() }]);
      for (const d of b.officialDomains) this.official.set(d.toLowerCase(), b.id);
    }
    this.nameEntries = names;
    this.names = new KeywordAutomaton(names, { foldCase: true });
    this.hostTokens = new KeywordAutomaton(tokens);
  }

  /** Brand names in prepared (NFKC) text; ASCII names need word boundaries. */
  mentions(text: string): BrandMention[] {
    const out: BrandMention[] = [];
    this.names.scan(text, (hit) => {
      if (acceptsMention(text, hit.end - hit.length, hit.end, hit.value))
        out.push({ brand: hit.value.brand, name: hit.value.name, start: hit.end - hit.length, end: hit.end });
    });
    return out;
  }

  /**
   * Brand tokens inside a lowercase host or path. Long tokens match anywhere (`kuronekoyamato-xq`);
   * short ones (`jcb`, `au`, `smbc`) only as a whole part between separators, so `australia` and
   * `beauty` do not mention au.
   */
  tokensIn(s: string, from = 0, to = s.length): HostTokenHit[] {
    const out: HostTokenHit[] = [];
    this.hostTokens.scan(
      s,
      (hit) => {
        const start = hit.end - hit.length;
        if (hit.length < MIN_EMBEDDED_TOKEN) {
          if (start > from && isAsciiLetter(s.charCodeAt(start - 1))) return;
          if (hit.end < to && isAsciiLetter(s.charCodeAt(hit.end))) return;
        }
        out.push({ brand: hit.value.brand, token: hit.value.token, start });
      },
      from,
      to,
    );
    return out;
  }

  /** Brand id when the host is, or is under, one of the brand's official domains. */
  officialBrandOf(host: string): string | undefined {
    let h = host;
    for (;;) {
      const id = this.official.get(h);
      if (id !== undefined) return id;
      const dot = h.indexOf('.');
      if (dot < 0) return undefined;
      h = h.slice(dot + 1);
    }
  }

  officialDomainsOf(brandId: string): readonly string[] {
    return this.brands.get(brandId)?.officialDomains ?? [];
  }
}
