// A message cut into tokens (a word, a digit run or one punctuation mark), and the reading position helpers every
// phrase parser shares. Parsers work over tokens so no regex ever runs over free text.

/** A token: lower-cased word, its span, and whether it touches the previous token ("5pm", "1st", "6:30"). */
export type Tok = { w: string; s: number; e: number; glued: boolean };

/** Cuts text into lower-cased tokens with their offsets. */
export function tokenize(text: string): Tok[] {
  const out: Tok[] = [];
  for (const m of text.matchAll(/\p{L}+|\d+|[^\s\p{L}\d]/gu)) {
    const s = m.index;
    out.push({ w: m[0].toLowerCase(), s, e: s + m[0].length, glued: out.length > 0 && out[out.length - 1]!.e === s });
  }
  return out;
}

/** A digit run short enough to be a number said in a schedule. */
export const isDigits = (w: string): boolean => /^\d{1,4}$/.test(w);
/** o[k] for own keys only: a word such as "constructor" must not find Object.prototype. */
export const pick = <T>(o: Record<string, T>, k: string): T | undefined => (Object.hasOwn(o, k) ? o[k] : undefined);

/** Reads one token list; the phrase parsers build on it (clocks, days, phrases). */
export class TokenReader {
  constructor(private readonly t: Tok[]) {}
  /** The word at i, "" past either end. */
  w(i: number): string {
    return this.t[i]?.w ?? "";
  }
  protected is(i: number, words: string): boolean {
    return words.split(" ").includes(this.w(i));
  }
  protected glued(i: number): boolean {
    return this.t[i]?.glued ?? false;
  }
}
