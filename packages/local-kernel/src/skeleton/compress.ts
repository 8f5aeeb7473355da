// Skeleton compression: the exact rendering the classifier sees (SPEC 4 "Skeletons").
// Edge cases the SPEC leaves open are decided in docs/skeleton-compression.md; keep both in sync.

/** Max characters of a string after newline flattening before it is cut (SPEC 4). */
export const MAX_STRING_CHARS = 60;
/** Lists longer than this collapse to `list[N]`. */
export const MAX_INLINE_ITEMS = 5;
/** Top-level fields surfaced per section. */
export const MAX_TOP_FIELDS = 6;
/** Author norm for a section's raw JSON size (bytes). */
export const MAX_RAW_BYTES = 2048;

/** Header that frames the whole block as a cached snapshot (SPEC 4). */
export const SKELETON_HEADER =
  "[Skeleton: cached per-user snapshot, not live data. Counts and flags (presence, enabled, zero vs non-zero) are " +
  "authoritative. Specific numbers, timestamps and content may be stale: re-fetch them with a tool when the user " +
  "asks for the current value.]";

const LABEL_KEYS = ["title", "name", "label", "subject"] as const;

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === "object" && v !== null && !Array.isArray(v);
}

/** Own keys as JSON would serialise them (undefined/function values are skipped, like JSON.stringify). */
function jsonKeys(o: Record<string, unknown>): string[] {
  return Object.keys(o).filter((k) => o[k] !== undefined && typeof o[k] !== "function" && typeof o[k] !== "symbol");
}

/** Flattens newlines to spaces and cuts to 60 code points + "..." (code points, so emoji are never split). */
export function compressString(s: string): string {
  const flat = s.replace(/\r\n|\r|\n/g, " ");
  const cps = Array.from(flat);
  return cps.length > MAX_STRING_CHARS ? cps.slice(0, MAX_STRING_CHARS).join("") + "..." : flat;
}

function isScalar(v: unknown): boolean {
  return (
    v === null ||
    v === undefined ||
    typeof v === "string" ||
    typeof v === "number" ||
    typeof v === "boolean" ||
    typeof v === "bigint"
  );
}

/** Renders a scalar: strings bare, booleans, null, numbers as JSON (NaN/Infinity -> null like JSON). */
function renderScalar(v: unknown): string {
  if (v === null || v === undefined) return "null";
  if (typeof v === "string") return compressString(v);
  if (typeof v === "number") return JSON.stringify(v);
  if (typeof v === "bigint") return v.toString();
  return v ? "true" : "false";
}

function presentScalar(v: unknown): v is string | number | boolean | bigint {
  if (v === null || v === undefined) return false;
  if (typeof v === "string") return v.trim().length > 0;
  return typeof v === "number" || typeof v === "boolean" || typeof v === "bigint";
}

/** Label of a list item: first present (non-null, non-empty scalar) of title, name, label, subject. */
export function itemLabel(o: Record<string, unknown>): string | undefined {
  for (const k of LABEL_KEYS) if (presentScalar(o[k])) return String(o[k]);
  return undefined;
}

/** Id of a list item: `id`, else the first key (insertion order) ending in `_id` with a present scalar value. */
export function itemId(o: Record<string, unknown>): { key: string; value: string } | undefined {
  if (presentScalar(o.id)) return { key: "id", value: String(o.id) };
  for (const k of Object.keys(o)) if (k.endsWith("_id") && presentScalar(o[k])) return { key: k, value: String(o[k]) };
  return undefined;
}

function renderItemDict(o: Record<string, unknown>): string {
  const label = itemLabel(o);
  const id = itemId(o);
  if (label !== undefined && id) return `${compressString(label)} (#${compressString(id.value)})`;
  if (id) return `#${compressString(id.value)}`;
  if (label !== undefined) return compressString(label);
  // Neither label nor id: nothing identifying to inline, so show its shape like a nested dict.
  return `dict[${jsonKeys(o).length} keys]`;
}

/** Compresses a value found at or below a section field (depth >= 1). */
export function compressValue(v: unknown): string {
  if (isScalar(v)) return renderScalar(v);
  if (Array.isArray(v)) {
    if (v.length > MAX_INLINE_ITEMS) return `list[${v.length}]`;
    const items = v.map((item) => {
      if (isPlainObject(item)) return renderItemDict(item);
      if (Array.isArray(item)) return `list[${item.length}]`;
      return renderScalar(item);
    });
    return `[${items.join(", ")}]`;
  }
  if (isPlainObject(v)) return `dict[${jsonKeys(v).length} keys]`;
  return renderScalar(null);
}

/** Compresses one section's data (the unwrapped skeleton response) to its `key=value, ...` line body. */
export function compressSection(value: unknown): string {
  if (!isPlainObject(value)) {
    // Not an object (SPEC expects one): render it as a single value with the nested rules.
    return compressValue(value);
  }
  const visible = jsonKeys(value).filter((k) => !k.startsWith("_"));
  if (visible.length === 0) return "{}";
  const shown = visible.slice(0, MAX_TOP_FIELDS).map((k) => `${k}=${compressValue(value[k])}`);
  return shown.join(", ") + (visible.length > MAX_TOP_FIELDS ? ", ..." : "");
}

/** Age suffix: floor seconds; `Ns` under 120 s, `Nm` under 120 min, else `Nh`; future times count as 0 s. */
export function formatAge(ageMs: number): string {
  const s = Math.max(0, Math.floor((Number.isFinite(ageMs) ? ageMs : 0) / 1000));
  if (s < 120) return `${s}s`;
  const m = Math.floor(s / 60);
  if (m < 120) return `${m}m`;
  return `${Math.floor(s / 3600)}h`;
}

export type TimeInput = number | Date | string;

function toMs(t: TimeInput): number {
  if (typeof t === "number") return t;
  if (t instanceof Date) return t.getTime();
  return Date.parse(t);
}

export interface SkeletonSectionInput {
  section: string;
  data: unknown;
  refreshedAt: TimeInput;
}

/** One section line: `<section>: <fields> (cached ~<age> ago)`. */
export function renderSkeletonLine(s: SkeletonSectionInput, now: TimeInput = Date.now()): string {
  return `${s.section}: ${compressSection(s.data)} (cached ~${formatAge(toMs(now) - toMs(s.refreshedAt))} ago)`;
}

/** The classifier's skeleton block: header line then one line per section in the given order; "" when no sections. */
export function renderSkeletonBlock(sections: SkeletonSectionInput[], now: TimeInput = Date.now()): string {
  if (sections.length === 0) return "";
  return [SKELETON_HEADER, ...sections.map((s) => renderSkeletonLine(s, now))].join("\n");
}

export type SkeletonWarningCode =
  | "SECTION_TOO_LARGE"
  | "NOT_AN_OBJECT"
  | "FIELDS_DROPPED"
  | "UNDERSCORE_FIELDS_HIDDEN"
  | "STRING_TRUNCATED"
  | "LIST_COLLAPSED"
  | "DICT_COLLAPSED"
  | "ITEM_FIELDS_DROPPED"
  | "ITEM_UNIDENTIFIED";

export interface SkeletonWarning {
  code: SkeletonWarningCode;
  /** JSON-ish path of the affected value, e.g. `recent_notes[2].title`; "" for the section itself. */
  path: string;
  message: string;
}

export interface SectionAnalysis {
  rawBytes: number;
  rendered: string;
  warnings: SkeletonWarning[];
}

function cut(s: string): boolean {
  return Array.from(s.replace(/\r\n|\r|\n/g, " ")).length > MAX_STRING_CHARS;
}

function analyzeValue(v: unknown, path: string, out: SkeletonWarning[]): void {
  if (typeof v === "string") {
    if (cut(v))
      out.push({
        code: "STRING_TRUNCATED",
        path,
        message: `string of ${Array.from(v).length} chars cut to ${MAX_STRING_CHARS}`,
      });
    return;
  }
  if (Array.isArray(v)) {
    if (v.length > MAX_INLINE_ITEMS) {
      out.push({
        code: "LIST_COLLAPSED",
        path,
        message: `list of ${v.length} items collapsed to list[${v.length}]; keep at most ${MAX_INLINE_ITEMS} items`,
      });
      return;
    }
    v.forEach((item, i) => {
      const p = `${path}[${i}]`;
      if (typeof item === "string") analyzeValue(item, p, out);
      else if (Array.isArray(item))
        out.push({ code: "LIST_COLLAPSED", path: p, message: `nested list collapsed to list[${item.length}]` });
      else if (isPlainObject(item)) {
        const label = itemLabel(item);
        const id = itemId(item);
        if (label === undefined && !id) {
          out.push({
            code: "ITEM_UNIDENTIFIED",
            path: p,
            message: `item has no title/name/label/subject and no id; shown as dict[${jsonKeys(item).length} keys]`,
          });
          return;
        }
        const labelKey = LABEL_KEYS.find((k) => presentScalar(item[k]));
        const kept = new Set([labelKey, id?.key].filter(Boolean) as string[]);
        const dropped = jsonKeys(item).filter((k) => !kept.has(k));
        if (dropped.length)
          out.push({ code: "ITEM_FIELDS_DROPPED", path: p, message: `fields not shown: ${dropped.join(", ")}` });
        if (label !== undefined && cut(label))
          out.push({
            code: "STRING_TRUNCATED",
            path: `${p}.${labelKey}`,
            message: `label cut to ${MAX_STRING_CHARS} chars`,
          });
        if (id && cut(id.value))
          out.push({
            code: "STRING_TRUNCATED",
            path: `${p}.${id.key}`,
            message: `id cut to ${MAX_STRING_CHARS} chars`,
          });
      }
    });
    return;
  }
  if (isPlainObject(v)) {
    out.push({
      code: "DICT_COLLAPSED",
      path,
      message: `nested object collapsed to dict[${jsonKeys(v).length} keys]; flatten it into scalar fields`,
    });
  }
}

/** Dev-tool diagnostics for one section: raw size over 2 KB and every piece of content the compression loses. */
export function analyzeSection(raw: unknown): SectionAnalysis {
  const json = JSON.stringify(raw) ?? "null";
  const rawBytes = Buffer.byteLength(json, "utf8");
  const warnings: SkeletonWarning[] = [];
  if (rawBytes > MAX_RAW_BYTES) {
    warnings.push({
      code: "SECTION_TOO_LARGE",
      path: "",
      message: `raw section is ${rawBytes} bytes; keep it at or under ${MAX_RAW_BYTES} bytes`,
    });
  }
  if (!isPlainObject(raw)) {
    warnings.push({
      code: "NOT_AN_OBJECT",
      path: "",
      message: "the section response should be an object of flat fields",
    });
    analyzeValue(raw, "", warnings);
  } else {
    const keys = jsonKeys(raw);
    const hidden = keys.filter((k) => k.startsWith("_"));
    const visible = keys.filter((k) => !k.startsWith("_"));
    if (hidden.length)
      warnings.push({
        code: "UNDERSCORE_FIELDS_HIDDEN",
        path: "",
        message: `fields starting with "_" are never shown: ${hidden.join(", ")}`,
      });
    if (visible.length > MAX_TOP_FIELDS) {
      warnings.push({
        code: "FIELDS_DROPPED",
        path: "",
        message: `only the first ${MAX_TOP_FIELDS} fields are shown; dropped: ${visible.slice(MAX_TOP_FIELDS).join(", ")}`,
      });
    }
    for (const k of visible.slice(0, MAX_TOP_FIELDS)) analyzeValue(raw[k], k, warnings);
  }
  return { rawBytes, rendered: compressSection(raw), warnings };
}

export type { Json as SkeletonJson };
