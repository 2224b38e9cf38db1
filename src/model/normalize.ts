/**
 * String normalisation used to compare headers and values: « Date d'entrée PLIE » and
 * « date entree plie » are the same key.
 */

const COMBINING = /[\u0300-\u036f]/g;
const NON_ALNUM = /[^\p{L}\p{N}]+/gu;
const LIGATURES = /[œæß]/g;
const LIGATURE_MAP: Record<string, string> = { 'œ': 'oe', 'æ': 'ae', 'ß': 'ss' };
// French elision: « d'entrée » = « entrée », « l'étape » = « étape » (« aujourd'hui » is left alone).
const ELISION = /(^|[^\p{L}\p{N}])(?:qu|[a-z])['’ʼ‘`´]/gu;

/**
 * Lowercase, accents stripped, elided articles dropped (« d' », « l' », « qu' »), every run of non letters/digits (punctuation, spaces, NBSP,
 * « ° ») turned into one space, trimmed. NFKD also folds compatibility forms (ﬁ → fi, º → o).
 */
export function normalize(s: string): string {
  const lower = s.normalize('NFKD').replace(COMBINING, '').toLowerCase();
  return lower
    .replace(LIGATURES, (c) => LIGATURE_MAP[c] ?? c)
    .replace(ELISION, '$1')
    .replace(NON_ALNUM, ' ')
    .trim();
}

/**
 * A memoised `normalize` for cell values: a million agenda rows hold a few hundred distinct
 * spellings. The cache is bounded so that free-text columns cannot grow it without limit.
 */
export class NormalizeCache {
  private readonly map = new Map<string, string>();
  constructor(private readonly max = 20_000) {}

  get(s: string): string {
    let n = this.map.get(s);
    if (n === undefined) {
      n = normalize(s);
      if (this.map.size < this.max) this.map.set(s, n);
    }
    return n;
  }
}

/** Levenshtein distance (two rows, no allocation per cell beyond them). */
export function editDistance(a: string, b: string): number {
  if (a === b) return 0;
  if (a.length === 0) return b.length;
  if (b.length === 0) return a.length;
  let prev = new Array<number>(b.length + 1);
  let cur = new Array<number>(b.length + 1);
  for (let j = 0; j <= b.length; j++) prev[j] = j;
  for (let i = 1; i <= a.length; i++) {
    cur[0] = i;
    const ca = a.charCodeAt(i - 1);
    for (let j = 1; j <= b.length; j++) {
      const cost = ca === b.charCodeAt(j - 1) ? 0 : 1;
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

/** The characters `\s` matches beyond ASCII. */
export function isUnicodeSpace(c: number): boolean {
  return (
    c === 0xa0 || c === 0x1680 || (c >= 0x2000 && c <= 0x200a) || c === 0x2028 || c === 0x2029 ||
    c === 0x202f || c === 0x205f || c === 0x3000 || c === 0xfeff
  );
}

/** Collapses internal whitespace (NBSP, narrow NBSP, tabs included) and trims. */
const WS = /[\s\u00a0\u202f\u2007\u2009]+/g;
export function cleanText(s: string): string {
  // Most cells are already clean: one pass over the characters avoids a regex replace.
  let prevSpace = true;
  let clean = true;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c === 32) {
      if (prevSpace) {
        clean = false;
        break;
      }
      prevSpace = true;
    } else if (c < 32 || isUnicodeSpace(c)) {
      clean = false;
      break;
    } else {
      prevSpace = false;
    }
  }
  if (clean && !prevSpace) return s;
  return s.replace(WS, ' ').trim();
}
