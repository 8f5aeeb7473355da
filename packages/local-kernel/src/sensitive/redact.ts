// SPEC 7.7: the kernel's one redaction of sensitive call arguments. Every place that stores or shows a call's args,
// or text that may quote them (audit rows, confirmation cards, turn objects, events, the log, the fact ledger, error
// messages), builds a Redaction with `redactionFor(tool, args)`; only the handler and the stored confirmation get the
// exact args.
import { REDACTED, redactSensitive } from "@imperal/sdk/patterns";
import type { ReadyInfo, ToolInfo } from "../worker/protocol.js";

export { REDACTED };

/** What redaction reads of a tool: its declared `sensitive` param paths (undefined tool = default pattern only). */
export type SensitiveTool = Pick<ToolInfo, "sensitive"> | undefined;

/** Finds a tool's info by name (the serving build's surface). */
export type SensitiveLookup = (tool: string) => SensitiveTool;

/**
 * Sensitive values shorter than this are redacted where they sit in the args, but not searched for in free text:
 * replacing "1" or "ab" everywhere would destroy the text (same floor as secret values in the log).
 */
export const MIN_SCRUB_LENGTH = 4;
/** At most this many distinct sensitive values per call are searched for in text (hostile args stay cheap). */
const MAX_VALUES = 64;
const MAX_DEPTH = 64;

/** One call's redaction: the args as shown and stored, and the scrubbing of text that may quote them. */
export interface Redaction {
  /** A copy of the args with every sensitive value replaced by `"[redacted]"` (declared paths + default pattern). */
  readonly args: unknown;
  /** The exact sensitive values (strings and numbers as text, at least {@link MIN_SCRUB_LENGTH} long), longest first. */
  readonly values: readonly string[];
  /** `text` with every sensitive value — raw and JSON-escaped — replaced by `"[redacted]"`. */
  text(text: string): string;
  /** A copy of a JSON value with every string scrubbed as {@link Redaction.text} does (keys kept). */
  deep<T>(value: T): T;
}

/** The redaction of one call of `tool` with `args`: the one function every redacting place calls. */
export function redactionFor(tool: SensitiveTool, args: unknown): Redaction {
  const red = redactSensitive(args, tool?.sensitive ?? [], MAX_DEPTH);
  return scrubber(red, collectValues(args, red));
}

/** The redaction of several calls at once (a turn): args of each call, text scrubbed of every call's values. */
export function redactionForCalls(
  calls: ReadonlyArray<{ tool: string; args: unknown }>,
  lookup: SensitiveLookup,
): { calls: Array<{ tool: string; args: unknown }>; all: Redaction } {
  const each = calls.map((c) => redactionFor(lookup(c?.tool), c?.args));
  const values = [...new Set(each.flatMap((r) => r.values))].slice(0, MAX_VALUES * 4);
  return {
    calls: calls.map((c, i) => ({ ...c, args: each[i]!.args })),
    all: scrubber(undefined, values),
  };
}

/** A lookup over the serving build's tools (indexed once per build). */
export function lookupIn(info: () => Pick<ReadyInfo, "tools"> | undefined): SensitiveLookup {
  const cache = new WeakMap<object, Map<string, ToolInfo>>();
  return (tool) => {
    const i = info();
    if (!i) return undefined;
    let m = cache.get(i);
    if (!m) {
      m = new Map(i.tools.map((t) => [t.name, t]));
      cache.set(i, m);
    }
    return m.get(tool);
  };
}

/** Walks original and redacted args side by side: every leaf under a position that became `[redacted]` is a value. */
function collectValues(orig: unknown, red: unknown): string[] {
  const out = new Set<string>();
  const stack: Array<{ o: unknown; r: unknown; depth: number }> = [{ o: orig, r: red, depth: 0 }];
  while (stack.length > 0 && out.size < MAX_VALUES) {
    const { o, r, depth } = stack.pop()!;
    if (r === REDACTED && o !== REDACTED) {
      leaves(o, out);
      continue;
    }
    if (depth >= MAX_DEPTH || o === null || typeof o !== "object" || r === null || typeof r !== "object") continue;
    for (const [k, v] of Object.entries(o))
      stack.push({ o: v, r: (r as Record<string, unknown>)[k], depth: depth + 1 });
  }
  return [...out].sort((a, b) => b.length - a.length);
}

/** Adds every scalar leaf of `v` (bounded) as text. */
function leaves(v: unknown, out: Set<string>): void {
  const stack: Array<{ v: unknown; depth: number }> = [{ v, depth: 0 }];
  while (stack.length > 0 && out.size < MAX_VALUES) {
    const f = stack.pop()!;
    if (typeof f.v === "string" || typeof f.v === "number" || typeof f.v === "bigint") {
      const s = String(f.v);
      if (s.length >= MIN_SCRUB_LENGTH) out.add(s);
    } else if (f.v !== null && typeof f.v === "object" && f.depth < MAX_DEPTH) {
      for (const x of Object.values(f.v)) stack.push({ v: x, depth: f.depth + 1 });
    }
  }
}

function scrubber(args: unknown, values: readonly string[]): Redaction {
  // A value as it appears inside JSON text too (quotes, backslashes, control characters escaped).
  const forms = [...new Set(values.flatMap((v) => [v, JSON.stringify(v).slice(1, -1)]))].sort(
    (a, b) => b.length - a.length,
  );
  const text = (s: string): string => {
    if (forms.length === 0 || typeof s !== "string") return s;
    let out = s;
    for (const f of forms) if (out.includes(f)) out = out.split(f).join(REDACTED);
    return out;
  };
  const deep = <T>(value: T): T => (forms.length === 0 ? value : (scrubDeep(value, text) as T));
  return { args, values, text, deep };
}

/** A copy of `value` with `text` applied to every string (iterative; keys and non-strings kept). */
function scrubDeep(value: unknown, text: (s: string) => string): unknown {
  const root: { v: unknown } = { v: undefined };
  const stack: Array<{ src: unknown; set: (v: unknown) => void; depth: number }> = [
    { src: value, set: (v) => (root.v = v), depth: 0 },
  ];
  while (stack.length > 0) {
    const { src, set, depth } = stack.pop()!;
    if (typeof src === "string") set(text(src));
    else if (src === null || typeof src !== "object" || depth >= MAX_DEPTH * 2) set(src);
    else if (Array.isArray(src)) {
      const out: unknown[] = new Array(src.length);
      set(out);
      src.forEach((x, i) => stack.push({ src: x, set: (v) => (out[i] = v), depth: depth + 1 }));
    } else {
      const out: Record<string, unknown> = {};
      set(out);
      for (const [k, x] of Object.entries(src)) {
        // defineProperty: a "__proto__" key stays a key of the copy
        Object.defineProperty(out, k, { value: undefined, enumerable: true, writable: true, configurable: true });
        stack.push({ src: x, set: (v) => (out[k] = v), depth: depth + 1 });
      }
    }
  }
  return root.v;
}
