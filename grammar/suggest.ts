/** "Did you mean …?" suggestions by edit distance (with transpositions: `replicsa` → `replicas`). */

/**
 * Optimal-string-alignment distance, bounded: returns `limit + 1` as soon as it must exceed
 * `limit`. With a finite limit only the band of cells within `limit` of the diagonal is computed
 * (a cell outside it is already more than `limit` edits), so the cost is O(length × limit), not
 * O(length²): a 16,000-letter name is as cheap to compare as its length.
 */
export function editDistance(a: string, b: string, limit = Infinity): number {
  if (a === b) return 0;
  const n = a.length;
  const m = b.length;
  if (Math.abs(n - m) > limit) return limit + 1;
  const band = Number.isFinite(limit) ? limit : Math.max(n, m);
  const big = band + 1;
  let prev2 = new Array<number>(m + 1).fill(big);
  let prev = new Array<number>(m + 1).fill(big);
  let cur = new Array<number>(m + 1).fill(big);
  for (let j = 0; j <= Math.min(m, band); j++) prev[j] = j;
  for (let i = 1; i <= n; i++) {
    const lo = Math.max(1, i - band);
    const hi = Math.min(m, i + band);
    cur[0] = i <= band ? i : big;
    // The cells just outside the band, which the next rows read, are out of reach.
    if (lo - 1 >= 1) cur[lo - 1] = big;
    if (hi + 1 <= m) cur[hi + 1] = big;
    let rowMin = cur[0];
    for (let j = lo; j <= hi; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      cur[j] = d;
      if (d < rowMin) rowMin = d;
    }
    if (rowMin > limit) return limit + 1;
    [prev2, prev, cur] = [prev, cur, prev2];
  }
  return prev[m]! > limit ? limit + 1 : prev[m]!;
}

/** How many edits a word may be from a suggestion: one for short words, two from six letters, three from twelve. */
const editsAllowed = (word: string): number => (word.length >= 12 ? 3 : word.length >= 6 ? 2 : 1);

/** The characters a text holds, folded onto 32 bits: one edit changes at most two of them. */
function charMask(text: string): number {
  let mask = 0;
  for (let i = 0; i < text.length; i++) mask |= 1 << (text.charCodeAt(i) & 31);
  return mask;
}

function bitCount(x: number): number {
  let v = x - ((x >>> 1) & 0x55555555);
  v = (v & 0x33333333) + ((v >>> 2) & 0x33333333);
  return (((v + (v >>> 4)) & 0x0f0f0f0f) * 0x01010101) >>> 24;
}

/**
 * "Did you mean" over one set of candidates, asked many times (every undeclared name of a model
 * against its components): the candidates are indexed by length, and each is first compared by
 * the characters it holds (k edits change at most 2k of them) before its edit distance is
 * computed, in the band of k. Both filters only skip candidates that could not be close enough,
 * so the answer is `closest`'s; answers are remembered by word.
 */
export class Suggester {
  private readonly lower: string[];
  private readonly masks: number[];
  private readonly byLength = new Map<number, number[]>();
  private readonly byLower = new Map<string, number>();
  private readonly answers = new Map<string, string | undefined>();

  constructor(private readonly candidates: readonly string[]) {
    this.lower = candidates.map((c) => c.toLowerCase());
    this.masks = this.lower.map(charMask);
    this.lower.forEach((l, i) => {
      const list = this.byLength.get(l.length);
      if (list) list.push(i);
      else this.byLength.set(l.length, [i]);
    });
  }

  closest(word: string): string | undefined {
    if (this.answers.has(word)) return this.answers.get(word);
    const answer = this.search(word);
    this.answers.set(word, answer);
    return answer;
  }

  private search(word: string): string | undefined {
    const lower = word.toLowerCase();
    // A case-only difference always counts: the first such candidate (not the word itself).
    const sameLength = this.byLength.get(lower.length) ?? [];
    for (const i of sameLength) if (this.lower[i] === lower && this.candidates[i] !== word) return this.candidates[i];
    const limit = editsAllowed(word);
    const mask = charMask(lower);
    let best = -1;
    let bestDistance = limit + 1;
    for (let length = lower.length - limit; length <= lower.length + limit; length++) {
      for (const i of this.byLength.get(length) ?? []) {
        const candidate = this.candidates[i]!;
        if (candidate === word) continue;
        // Ties go to the earlier candidate: a later one must be strictly closer.
        const tie = best >= 0 && i < best;
        const bound = tie ? bestDistance : bestDistance - 1;
        if (bitCount(mask ^ this.masks[i]!) > 2 * bound) continue;
        const d = editDistance(lower, this.lower[i]!, bound);
        if (d <= bound) {
          best = i;
          bestDistance = d;
        }
      }
    }
    return best >= 0 ? this.candidates[best] : undefined;
  }
}

/**
 * The candidate closest to `word`, if it is close enough to be what was meant: at most one edit
 * for short words, two for words of six letters or more, three from twelve; a case-only
 * difference always counts. Ties go to the earlier candidate, so pass candidates in a stable
 * order. For many words against one set of candidates, build a `Suggester` once.
 */
export function closest(word: string, candidates: Iterable<string>): string | undefined {
  return new Suggester([...candidates]).closest(word);
}

/** ` (did you mean \`x\`?)`-style suffix, or '' when nothing is close. */
export function didYouMean(word: string, candidates: Iterable<string>): string {
  const match = closest(word, candidates);
  return match === undefined ? '' : `; did you mean \`${match}\`?`;
}

/**
 * Text from the user made safe to quote in a message: control characters, invalid UTF-8 (U+FFFD)
 * and other invisibles become `\u{…}` escapes, and long text is cut.
 */
export function quoteText(text: string, max = 30): string {
  const cut = [...text].length > max ? `${[...text].slice(0, max).join('')}…` : text;
  return cut.replace(/[\u0000-\u001f\u007f-\u009f\u200b-\u200f\u2028\u2029\ufeff\ufffd]/g, (ch) => `\\u{${ch.codePointAt(0)!.toString(16).padStart(4, '0')}}`);
}
