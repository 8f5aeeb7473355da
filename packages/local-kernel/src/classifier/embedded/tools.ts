// Catalog -> per-tool features: the tool's verb class and nouns (from its name), description stems, and for each param
// its type, enum values and role. Every routing signal comes from here, so no extension is special-cased.
import { isIdKey } from "@imperal/sdk/patterns";
import { classesOf, stem, STOPWORDS, type VerbClass } from "../lexicon.js";
import type { CatalogEntry, JsonSchema } from "../types.js";
import { contentStems, namesNoun, splitName, type Tok } from "./tokens.js";

export type Role =
  "title" | "body" | "query" | "name" | "label" | "date" | "timezone" | "limit" | "email" | "url" | "domain" | "other";

export interface ParamInfo {
  name: string;
  schema: JsonSchema;
  type: string;
  enumVals?: string[];
  isId: boolean;
  required: boolean;
  hasDefault: boolean;
  nameWords: string[];
  nameStems: string[];
  descStems: string[];
  role: Role;
  dateTime: boolean;
  /** the kind of item a string param names by its label ("card" for `card`, "list" for `list_name`), if any */
  refKind?: string;
}

export interface ToolInfo {
  entry: CatalogEntry;
  nameWords: string[];
  cls?: VerbClass;
  /** the name word that gave the class ("delete" in delete_note) */
  verbWord?: string;
  nouns: Set<string>;
  nounWords: Set<string>;
  descStems: Set<string>;
  params: ParamInfo[];
}

function schemaType(s: JsonSchema): string {
  if (Array.isArray(s.type)) return s.type.find((t) => t !== "null") ?? "unknown";
  if (s.type) return s.type;
  if (s.enum) return typeof s.enum[0] === "number" ? "number" : "string";
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    for (const a of alt) {
      const t = schemaType(a);
      if (t !== "null" && t !== "unknown") return t;
    }
  }
  return "unknown";
}

function enumOf(s: JsonSchema): string[] | undefined {
  if (s.enum) return s.enum.filter((v): v is string => typeof v === "string");
  const alt = s.anyOf ?? s.oneOf;
  if (alt) {
    const vals = alt.flatMap((a) =>
      (a.enum ?? (a.const !== undefined ? [a.const] : [])).filter((v): v is string => typeof v === "string"),
    );
    if (vals.length) return vals;
  }
  return undefined;
}

const DATE_NAME_RE = /(^|_)(date|due|deadline|day|when)$|_(on|at|by|after|before|since|until)$|^(due|deadline|date)/;
const LIMIT_NAME_RE = /^(limit|max|max_results|count|top|page_size|per_page|n|size|num|number_of_results)$/;
const BODY_NAME_RE = /^(body|text|content|contents|description|message|comment|details|note|notes|markdown|html)$/;

function roleOf(name: string, s: JsonSchema, type: string, reads: boolean): Role {
  const n = name.toLowerCase();
  const d = (s.description ?? "").toLowerCase();
  if (type === "string" && (s.format === "date" || s.format === "date-time" || DATE_NAME_RE.test(n))) return "date";
  if (/time_?zone|^tz$|_tz$/.test(n)) return "timezone";
  if (type === "integer" || type === "number") {
    // On a tool that records things, "how many" is the quantity recorded ("add 3 apples"), not a listing limit.
    if (!reads && !LIMIT_NAME_RE.test(n)) return "other";
    if (LIMIT_NAME_RE.test(n) || /maximum number|max(imum)? (number|results)|how many/.test(d)) return "limit";
    return "other";
  }
  // Host names have a shape of their own: "example.com", never the words around it.
  const hostName = /^(?:domain|host|hostname|fqdn)s?$|_(?:domain|host)s?$/.test(n) || s.format === "hostname";
  if (type === "array") return /label|tag|categor/.test(n) ? "label" : hostName ? "domain" : "other";
  if (type !== "string") return "other";
  if (hostName) return "domain";
  if (/email|recipient|^to$/.test(n) || s.format === "email") return "email";
  if (/url|link|href|website/.test(n) || s.format === "uri") return "url";
  if (/^(title|subject|heading|headline|summary)$/.test(n) || /_title$/.test(n)) return "title";
  if (/^(name|display_name|full_name|username|who|person)$/.test(n) || /_name$/.test(n)) return "name";
  if (/^(q|query|search|term|terms|keyword|keywords|search_query|filter_text)$/.test(n)) return "query";
  if (BODY_NAME_RE.test(n) || /_(body|text|content)$/.test(n)) return "body";
  return "other";
}

const READ_CLASSES = new Set<VerbClass>(["list", "get", "search"]);
// Param names that hold text of their own, never the label of another item.
const NOT_REF_WORDS = new Set(
  "name title text body content contents description comment message query search note notes details url link email summary subject tag tags label labels value reason".split(
    " ",
  ),
);

/** "card", "list_name", "board": a plain string param named after a kind of item takes that item's label. */
function refKindOf(name: string, type: string, s: JsonSchema, isId: boolean): string | undefined {
  if (type !== "string" || isId || s.enum || s.format || s.pattern) return undefined;
  const words = splitName(name).filter((w) => w !== "name");
  if (words.length !== 1 || NOT_REF_WORDS.has(words[0]!) || words[0]!.length < 3) return undefined;
  return stem(words[0]!);
}

// Catalog entries are reused across turns: prepare each one once.
const prepared = new WeakMap<CatalogEntry, ToolInfo>();
// Flag words in a param name ("is_pinned", "include_done") say nothing about its topic.
const PARAM_FLAG_WORDS = ["is", "only", "include", "show", "has", "with", "filter"];

/** The routing features of one catalog entry (cached per entry object). */
export function prepareTool(entry: CatalogEntry): ToolInfo {
  const cached = prepared.get(entry);
  if (cached) return cached;
  const nameWords = splitName(entry.name);
  let cls: VerbClass | undefined;
  const nouns = new Set<string>();
  const nounWords = new Set<string>();
  // email_check is a read: of two verb-like words the verb is the one whose class fits the action type ("check"),
  // the other is what it acts on ("email").
  const fits = (c: VerbClass[]) => !c.length || (entry.actionType === "read") === c.some((x) => READ_CLASSES.has(x));
  const verbAt = nameWords.findIndex((w) => classesOf(w).length > 0 && fits(classesOf(w)));
  const firstVerb = nameWords.findIndex((w) => classesOf(w).length > 0);
  const at = verbAt >= 0 && firstVerb >= 0 && verbAt !== firstVerb && entry.actionType === "read" ? verbAt : firstVerb;
  for (const [i, w] of nameWords.entries()) {
    const c = classesOf(w);
    if (i === at) {
      cls = w === "show" || w === "view" || w === "display" ? "list" : c[0];
      continue;
    }
    // After the verb, a verb-like word is what the tool acts on (create_list -> the noun "list").
    if (STOPWORDS.has(w) || (c.length && !cls && at === firstVerb)) continue;
    nouns.add(stem(w));
    nounWords.add(w);
  }
  // A delete whose description says it is irreversible is a hard delete ("Permanently delete a note").
  if (
    cls === "delete" &&
    /\bpermanent|cannot be undone|can't be undone|irreversib|\bforever\b/i.test(entry.description)
  ) {
    cls = "purge";
  }
  const verbWord = at >= 0 ? nameWords[at] : undefined;
  const props = entry.params?.properties ?? {};
  const required = new Set(entry.params?.required ?? []);
  const params: ParamInfo[] = Object.entries(props).map(([name, schema]) => {
    const type = schemaType(schema);
    const words = splitName(name);
    return {
      name,
      schema,
      type,
      enumVals: enumOf(schema),
      isId: isIdKey(name, entry.idProjection),
      required: required.has(name),
      hasDefault: schema.default !== undefined,
      nameWords: words,
      nameStems: words.filter((w) => !PARAM_FLAG_WORDS.includes(w)).map((w) => stem(w)),
      descStems: contentStems(schema.description),
      role: roleOf(name, schema, type, entry.actionType === "read"),
      dateTime: schema.format === "date-time",
      refKind: /^(other|name)$/.test(roleOf(name, schema, type, entry.actionType === "read"))
        ? refKindOf(name, type, schema, isIdKey(name, entry.idProjection))
        : undefined,
    };
  });
  // note_save needs the note it saves (note_id required): a verb of making that acts on an existing item edits it.
  if (
    cls === "create" &&
    params.some((p) => p.isId && p.required && p.nameWords.some((w) => w !== "id" && nouns.has(stem(w))))
  )
    cls = "update";
  // set_reminder, schedule_post: a write "set" with no id of an existing item makes a new one ("Create a reminder").
  if (
    cls === "update" &&
    entry.actionType === "write" &&
    verbWord === "set" &&
    !params.some((p) => p.isId) &&
    /^\s*(?:create|add|make|schedule|set up)\b/i.test(entry.description)
  )
    cls = "create";
  const descStems = new Set(contentStems(entry.description));
  const info: ToolInfo = { entry, nameWords, cls, verbWord, nouns, nounWords, descStems, params };
  prepared.set(entry, info);
  return info;
}

/** The token names one of the tool's nouns, directly or by synonym ("ticket" for issue). */
export function isToolNoun(t: Tok | undefined, tool: ToolInfo): boolean {
  if (!t || t.punct || t.quote !== undefined) return false;
  return namesNoun(t, tool.nouns);
}

/** The word a question uses for the tool's items ("Which note do you mean?"). */
export function nounFor(tool: ToolInfo): string {
  return [...tool.nounWords][0] ?? "item";
}
