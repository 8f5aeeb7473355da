/**
 * CSS inside icons (`<style>`, `style=` and presentation attributes, SMIL values): what it references once read
 * the way a browser reads it. Escapes are decoded and comments dropped first, so `u\72l(...)`, `@\69mport` or a
 * comment inside a name cannot hide a reference; names are matched case-insensitively.
 */

export interface CssReference {
  /** `import` for `@import`, `expression` for IE's `expression()`, `url` for anything naming a resource */
  kind: "import" | "expression" | "url";
  /** the CSS function that carries the reference (`url`, `image-set`, ...) */
  fn?: string;
  /** the referenced target as written (after decoding), for `url` */
  target?: string;
}

const HEX = /[0-9a-fA-F]/;
const CSS_WS = new Set([" ", "\t", "\n", "\r", "\f"]);

/** Decode CSS escapes (CSS Syntax 3, 4.3.7) and remove comments; the result is what the CSS tokenizer sees. */
export function decodeCss(css: string): string {
  let out = "";
  let i = 0;
  const n = css.length;
  while (i < n) {
    const c = css[i]!;
    if (c === "/" && css[i + 1] === "*") {
      // a comment separates tokens; dropping it is the conservative reading (`u/**/rl(` is checked as `url(`)
      const end = css.indexOf("*/", i + 2);
      i = end < 0 ? n : end + 2;
      continue;
    }
    if (c !== "\\") {
      out += c;
      i++;
      continue;
    }
    i++;
    if (i >= n) break;
    const d = css[i]!;
    if (d === "\n" || d === "\f") {
      i++; // line continuation inside a string
      continue;
    }
    if (d === "\r") {
      i += css[i + 1] === "\n" ? 2 : 1;
      continue;
    }
    if (!HEX.test(d)) {
      out += d;
      i++;
      continue;
    }
    let j = i;
    while (j < n && j - i < 6 && HEX.test(css[j]!)) j++;
    const cp = parseInt(css.slice(i, j), 16);
    out += cp === 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff) ? "\ufffd" : String.fromCodePoint(cp);
    i = j;
    if (css[i] === "\r" && css[i + 1] === "\n") i += 2;
    else if (i < n && CSS_WS.has(css[i]!)) i++;
  }
  return out;
}

/** CSS functions whose arguments name a resource (vendor prefixes are stripped before the lookup). */
const RESOURCE_FUNCTIONS = new Set(["url", "src", "image", "image-set", "cross-fade"]);
const FUNCTION_RE = /([a-z0-9_-]*)\(/g;
const STRING_RE = /"([^"]*)"|'([^']*)'/g;

/** Every reference a piece of CSS makes: `@import`, `expression()`, and the targets of url()/image-set()/... */
export function cssReferences(css: string): CssReference[] {
  const text = decodeCss(css).toLowerCase();
  const out: CssReference[] = [];
  // the target of an @import (up to its `;`) is reported as the @import itself, not again as a url()
  const imports: [number, number][] = [];
  for (let i = text.indexOf("@import"); i >= 0; i = text.indexOf("@import", i + 1)) {
    const end = text.indexOf(";", i);
    imports.push([i, end < 0 ? text.length : end]);
  }
  if (imports.length) out.push({ kind: "import" });
  FUNCTION_RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = FUNCTION_RE.exec(text))) {
    const at = m.index;
    if (imports.some(([a, b]) => at > a && at < b)) continue;
    const raw = m[1] ?? "";
    const name = raw.replace(/^-(?:webkit|moz|ms|o)-/, "");
    const argStart = m.index + m[0].length;
    if (name === "expression") {
      out.push({ kind: "expression", fn: raw });
      continue;
    }
    if (!RESOURCE_FUNCTIONS.has(name)) continue;
    const args = balancedArgs(text, argStart);
    if (name === "url" || name === "src") {
      const a = args.trim();
      const q = a[0];
      const target = q === '"' || q === "'" ? a.slice(1, a.indexOf(q, 1) < 0 ? undefined : a.indexOf(q, 1)) : a;
      out.push({ kind: "url", fn: raw, target: target.trim() });
      continue;
    }
    // image-set("a.png" 1x, url(b.png) 2x): quoted targets here; nested url() is found by the outer scan
    STRING_RE.lastIndex = 0;
    let s: RegExpExecArray | null;
    while ((s = STRING_RE.exec(args))) out.push({ kind: "url", fn: raw, target: (s[1] ?? s[2] ?? "").trim() });
  }
  return out;
}

/** The text between `(` (at `start`) and its matching `)`, or to the end when unbalanced. */
function balancedArgs(text: string, start: number): string {
  let depth = 1;
  let quote = "";
  for (let i = start; i < text.length; i++) {
    const c = text[i]!;
    if (quote) {
      if (c === quote) quote = "";
    } else if (c === '"' || c === "'") quote = c;
    else if (c === "(") depth++;
    else if (c === ")" && --depth === 0) return text.slice(start, i);
  }
  return text.slice(start);
}

/** A reference target that stays inside the icon: empty or a `#fragment`. */
export function isLocalTarget(target: string): boolean {
  const t = target.trim();
  return t === "" || t.startsWith("#");
}
