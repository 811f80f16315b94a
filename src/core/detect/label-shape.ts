/**
 * Shape statistics of DNS labels and path segments (length, digits, vowels, consonant runs), for
 * the URL features and the plain-language facts a check reports.
 */

const VOWELS = new Set([97, 101, 105, 111, 117, 121]);

/** Shape statistics of one DNS label or path segment. */
export interface LabelShape {
  length: number;
  digits: number;
  hyphens: number;
  vowels: number;
  letters: number;
  upper: number;
  maxConsonantRun: number;
  /** Switches between letters and digits (`a1b2` has 3). */
  classSwitches: number;
}

export function labelShape(s: string, from = 0, to = s.length): LabelShape {
  let digits = 0;
  let hyphens = 0;
  let vowels = 0;
  let letters = 0;
  let upper = 0;
  let run = 0;
  let maxRun = 0;
  let switches = 0;
  let prevClass = 0;
  for (let i = from; i < to; i++) {
    let c = s.charCodeAt(i);
    let cls = 0;
    if (c >= 65 && c <= 90) {
      upper++;
      c += 32;
    }
    if (c >= 97 && c <= 122) {
      letters++;
      cls = 1;
      if (VOWELS.has(c)) {
        vowels++;
        run = 0;
      } else if (++run > maxRun) maxRun = run;
    } else {
      run = 0;
      if (c >= 48 && c <= 57) {
        digits++;
        cls = 2;
      } else if (c === 45) hyphens++;
    }
    if (cls !== 0) {
      if (prevClass !== 0 && cls !== prevClass) switches++;
      prevClass = cls;
    }
  }
  return {
    length: to - from,
    digits,
    hyphens,
    vowels,
    letters,
    upper,
    maxConsonantRun: maxRun,
    classSwitches: switches,
  };
}

/**
 * A label that reads like no word: long consonant runs, few vowels, letters and digits mixed.
 * Tuned on JPCERT/CC phishing hosts against popular domains; used for reasons, the model decides.
 */
export function looksRandom(shape: LabelShape): boolean {
  if (shape.length < 5) return false;
  const vowelRatio = shape.letters === 0 ? 0 : shape.vowels / shape.letters;
  if (shape.digits > 0 && shape.letters > 0 && shape.classSwitches >= 3) return true;
  if (shape.maxConsonantRun >= 5) return true;
  return shape.letters >= 5 && vowelRatio < 0.2;
}
