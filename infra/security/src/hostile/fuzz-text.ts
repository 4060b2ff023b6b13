/** Pure: a seeded PRNG (mulberry32), so a run's fuzzed set can be repeated from its seed. */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

/**
 * Code point ranges the fuzzer draws from: letters and marks of many scripts and planes, and the
 * characters that break things (controls, format characters, bidi controls, surrogates,
 * noncharacters, private use, emoji, whitespace of every kind).
 */
const UPPER_CASE: readonly [number, number] = [0x41, 0x5a]; // A-Z, also the fallback for an out-of-range draw
const POOLS: readonly (readonly [number, number])[] = [
  UPPER_CASE,
  [0x61, 0x7a], // a-z
  [0x20, 0x7e], // printable ASCII (quotes, backslash, < > &)
  [0x00, 0x1f], // C0 controls (NUL, ESC, tab, line feed...)
  [0x7f, 0x9f], // DEL and C1 controls
  [0xa0, 0xff], // Latin-1 supplement
  [0x100, 0x24f], // Latin extended (Ł, ő, ǆ)
  [0x300, 0x36f], // combining diacritical marks
  [0x370, 0x3ff], // Greek
  [0x400, 0x4ff], // Cyrillic
  [0x590, 0x5ff], // Hebrew (right to left)
  [0x600, 0x6ff], // Arabic (right to left)
  [0x900, 0x97f], // Devanagari
  [0x1e00, 0x1eff], // Latin extended additional (ễ)
  [0x2000, 0x200f], // spaces, zero-width characters, LRM/RLM
  [0x2028, 0x202e], // line/paragraph separators, bidi embeddings and overrides
  [0x2060, 0x206f], // word joiner, invisible operators, deprecated format characters
  [0x3040, 0x30ff], // kana
  [0x4e00, 0x4e80], // CJK
  [0xac00, 0xac80], // Hangul
  [0xd800, 0xdfff], // surrogates (alone they are not Unicode text)
  [0xe000, 0xe0ff], // private use
  [0xfe00, 0xfe0f], // variation selectors
  [0xfeff, 0xfeff], // BOM / zero-width no-break space
  [0xfff0, 0xffff], // specials, noncharacters
  [0x1d400, 0x1d4ff], // mathematical letters (plane 1)
  [0x1f300, 0x1f64f], // emoji (plane 1)
  [0x20000, 0x2007f], // CJK extension B (plane 2)
  [0xe0000, 0xe007f], // tag characters (plane 14)
  [0x10fff0, 0x10ffff], // private use and noncharacters (plane 16)
];

/** Pure: a string of 1..maxLength code points drawn from a few of the pools. */
export function fuzzText(random: () => number, maxLength = 24): string {
  const pick = (n: number) => Math.floor(random() * n);
  const pools = Array.from({ length: 1 + pick(3) }, () => POOLS[pick(POOLS.length)] ?? UPPER_CASE);
  const length = 1 + pick(maxLength);
  let text = '';
  for (let i = 0; i < length; i += 1) {
    const [low, high] = pools[pick(pools.length)] ?? UPPER_CASE;
    text += String.fromCodePoint(low + pick(high - low + 1));
  }
  return text;
}
