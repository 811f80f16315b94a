/**
 * Brand names and lure phrases found in one pass: a single automaton over both keyword sets,
 * so a message is scanned once instead of once per set. Answers exactly what
 * `BrandIndex.mentions` and `LureIndex.find` answer separately.
 */
import { acceptsMention, type BrandIndex, type BrandMention, type NameEntry } from './brand-index.js';
import { KeywordAutomaton, type KeywordHit } from './keyword-automaton.js';
import { acceptsLure, type Lure, type LureIndex } from './lures.js';
import { type HashSink, smsTextFeatures } from './sms-features.js';

type Keyword = { brand: NameEntry; lure?: undefined } | { lure: Lure; brand?: undefined };

export interface MessageKeywordHits {
  mentions: BrandMention[];
  /** At most one per phrase. */
  lures: Lure[];
}

export class MessageKeywords {
  private readonly automaton: KeywordAutomaton<Keyword>;

  constructor(brands: BrandIndex, lures: LureIndex) {
    const entries: Array<readonly [string, Keyword]> = [];
    for (const [name, entry] of brands.nameEntries) entries.push([name, { brand: entry }]);
    for (const lure of lures.lures) entries.push([lure.phrase, { lure }]);
    this.automaton = new KeywordAutomaton(entries, { foldCase: true });
  }

  /**
   * `text` is prepared (NFKC) text; names and phrases match in any case. With `textFeatures`, the
   * message model's text features are emitted to it in the same pass (see smsTextFeatures).
   */
  scan(text: string, textFeatures?: HashSink): MessageKeywordHits {
    const mentions: BrandMention[] = [];
    const lures: Lure[] = [];
    const onHit = (hit: KeywordHit<Keyword>) => {
      const start = hit.end - hit.length;
      const k = hit.value;
      if (k.brand !== undefined) {
        if (acceptsMention(text, start, hit.end, k.brand))
          mentions.push({ brand: k.brand.brand, name: k.brand.name, start, end: hit.end });
      } else if (acceptsLure(text, start, hit.end, k.lure) && !lures.includes(k.lure)) {
        lures.push(k.lure);
      }
    };
    if (textFeatures === undefined) this.automaton.scan(text, onHit);
    else smsTextFeatures(text, textFeatures, { automaton: this.automaton, onHit });
    return { mentions, lures };
  }
}
