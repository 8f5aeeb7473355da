/**
 * Suppression comments: `// imperal-disable-next-line V22 -- reason` (also `/* ... *\/`). Several ids may be
 * listed, separated by commas or spaces. The reason after ` -- ` is required.
 *
 * Decision (documented in docs/architecture.md): a directive without a reason, without rule ids or naming an
 * unknown rule id suppresses nothing and is itself a `SUPPRESSION` error; a valid directive that suppresses
 * nothing is a `SUPPRESSION` warning (like ESLint's unused-disable-directive report). PARSE and SUPPRESSION
 * findings cannot be suppressed.
 */
import type { Finding } from "../types.js";
import { FINDING_IDS } from "../errors.js";

export interface Directive {
  /** character offset of the comment start */
  offset: number;
  file: string;
  line: number;
  column: number;
  targetLine: number;
  rules: string[];
  reason: string;
  valid: boolean;
  used: boolean;
  problem?: string;
}

const RE = /(\/\/|\/\*)[ \t]*imperal-disable-next-line\b([^\n]*)/g;

/** Every `imperal-disable-next-line` directive of a file, invalid ones included (they become SUPPRESSION errors). */
export function parseDirectives(rel: string, text: string, knownRules: Set<string>): Directive[] {
  if (!text.includes("imperal-disable-next-line")) return [];
  const out: Directive[] = [];
  const lineStarts = computeLineStarts(text);
  RE.lastIndex = 0;
  let m: RegExpExecArray | null;
  while ((m = RE.exec(text))) {
    // the directive must start its comment (like ESLint): not inside a block comment, not after another `//`
    const lastOpen = text.lastIndexOf("/*", m.index - 1);
    const lastClose = text.lastIndexOf("*/", m.index - 1);
    if (lastOpen >= 0 && lastOpen > lastClose) continue;
    const lineStart = text.lastIndexOf("\n", m.index - 1) + 1;
    if (text.slice(lineStart, m.index).includes("//")) continue;
    let body = m[2] ?? "";
    let endOffset = m.index + m[0].length;
    if (m[1] === "/*") {
      const close = text.indexOf("*/", m.index + 2);
      if (close >= 0) {
        body = text.slice(m.index + m[0].length - body.length, close).split("\n")[0] ?? "";
        endOffset = close + 2;
      }
    }
    const start = offsetToLoc(lineStarts, m.index);
    const end = offsetToLoc(lineStarts, endOffset);
    const sep = body.indexOf("--");
    const idsPart = (sep >= 0 ? body.slice(0, sep) : body).trim();
    const reason = sep >= 0 ? body.slice(sep + 2).trim() : "";
    const rules = idsPart.split(/[\s,]+/).filter(Boolean);
    const d: Directive = {
      offset: m.index,
      file: rel,
      line: start.line,
      column: start.column,
      targetLine: end.line + 1,
      rules,
      reason,
      valid: true,
      used: false,
    };
    const unknown = rules.filter((r) => !knownRules.has(r));
    if (rules.length === 0) {
      d.valid = false;
      d.problem = "names no rule id";
    } else if (unknown.length) {
      d.valid = false;
      d.problem = `names unknown rule id${unknown.length > 1 ? "s" : ""} ${unknown.join(", ")}`;
    } else if (!reason) {
      d.valid = false;
      d.problem = "has no reason";
    }
    out.push(d);
  }
  return out;
}

/** Drop suppressed findings; add SUPPRESSION findings for invalid and unused directives. */
export function applyDirectives(findings: Finding[], directives: Directive[]): Finding[] {
  if (directives.length === 0) return findings;
  const byKey = new Map<string, Directive[]>();
  for (const d of directives) {
    if (!d.valid) continue;
    const k = `${d.file}\0${d.targetLine}`;
    const arr = byKey.get(k) ?? [];
    arr.push(d);
    byKey.set(k, arr);
  }
  const kept: Finding[] = [];
  for (const f of findings) {
    if (f.rule === FINDING_IDS.PARSE || f.rule === FINDING_IDS.SUPPRESSION) {
      kept.push(f);
      continue;
    }
    const ds = byKey.get(`${f.file}\0${f.line}`);
    const d = ds?.find((x) => x.rules.includes(f.rule));
    if (d) {
      d.used = true;
      continue;
    }
    kept.push(f);
  }
  for (const d of directives) {
    if (!d.valid) {
      kept.push({
        rule: FINDING_IDS.SUPPRESSION,
        severity: "error",
        file: d.file,
        line: d.line,
        column: d.column,
        message: `imperal-disable-next-line ${d.problem}; it suppresses nothing`,
        fix: "write `// imperal-disable-next-line <RULE> -- <why this is safe>`",
      });
    } else if (!d.used) {
      kept.push({
        rule: FINDING_IDS.SUPPRESSION,
        severity: "warn",
        file: d.file,
        line: d.line,
        column: d.column,
        message: `unused imperal-disable-next-line for ${d.rules.join(", ")}: no such finding on line ${d.targetLine}`,
        fix: "remove the stale suppression comment",
      });
    }
  }
  return kept;
}

/** Offsets of line starts (\n, \r\n and lone \r all end a line, as in TypeScript), for offsetToLoc. */
export function computeLineStarts(text: string): number[] {
  const starts = [0];
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 10) starts.push(i + 1);
    else if (c === 13) {
      if (text.charCodeAt(i + 1) === 10) i++;
      starts.push(i + 1);
    }
  }
  return starts;
}

/** 1-based line and column of an offset, by binary search over computeLineStarts. */
export function offsetToLoc(lineStarts: number[], offset: number): { line: number; column: number } {
  let lo = 0;
  let hi = lineStarts.length - 1;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (lineStarts[mid]! <= offset) lo = mid;
    else hi = mid - 1;
  }
  return { line: lo + 1, column: offset - lineStarts[lo]! + 1 };
}
