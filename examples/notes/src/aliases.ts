// Param aliases of the original (SPEC 6.1 "Aliases"). The SDK has no alias option on chat.function, and `params`
// must stay a z.object (the registry, idProjection and the manifest's JSON Schema read its shape), so a
// z.preprocess wrapper is not allowed. Instead `withAliases` folds alias keys into their canonical key on the
// schema instance itself, before zod sees the value: the same fold runs in the testing kit and in the kernel's
// worker (both validate through `safeParse`), and the manifest keeps the canonical names only.
import type { z } from "@imperal/sdk";

/** Canonical param -> the other keys the original accepted for it, in order of preference. */
export type AliasMap = Readonly<Record<string, readonly string[]>>;

/** Options of {@link withAliases}. */
export interface AliasOptions {
  /** Params that take a list: a comma string ("a, b") becomes a trimmed list. */
  lists?: readonly string[];
}

// Alias groups of the original, shared by every function that takes the param.
export const NOTE_ID = ["id", "noteId", "uuid"] as const;
export const TITLE = ["name", "subject", "heading"] as const;
export const CONTENT = ["content", "body", "text"] as const;
export const TAGS = ["labels", "tag_list"] as const;
export const FOLDER_ID = ["folder", "folderId"] as const;
/** Where a folder is the only target, its id may also come as id, uuid or name. */
export const FOLDER_TARGET = ["folder", "folderId", "id", "uuid", "name"] as const;
export const LIMIT = ["page_size", "per_page"] as const;
export const OFFSET = ["skip"] as const;
export const QUERY = ["q", "search", "text"] as const;
export const PERMANENT = ["hard_delete", "force_delete"] as const;
export const FIELD = ["action", "kind", "type"] as const;

const absent = (v: unknown) => v === undefined || v === null || v === "";

/** Returns a copy of `input` with alias keys folded into their canonical key (the canonical value wins when set). */
export function foldAliases(input: unknown, aliases: AliasMap, opts: AliasOptions = {}): unknown {
  if (typeof input !== "object" || input === null || Array.isArray(input)) return input;
  const out: Record<string, unknown> = { ...(input as Record<string, unknown>) };
  for (const [canonical, keys] of Object.entries(aliases)) {
    for (const k of keys) {
      if (!(k in out) || k === canonical) continue;
      if (absent(out[canonical]) && !absent(out[k])) out[canonical] = out[k];
      // A key that is also a canonical param of this function stays (e.g. `search` in list_notes).
      if (!(k in aliases)) delete out[k];
    }
  }
  for (const k of opts.lists ?? [])
    if (typeof out[k] === "string")
      out[k] = (out[k] as string)
        .split(",")
        .map((t) => t.trim())
        .filter((t) => t !== "");
  return out;
}

type AnyObject = z.ZodObject<z.ZodRawShape>;

/** Makes `schema` accept the aliases of `aliases` (see the file comment); returns the same schema. */
export function withAliases<S extends AnyObject>(schema: S, aliases: AliasMap, opts: AliasOptions = {}): S {
  const fold = (v: unknown) => foldAliases(v, aliases, opts);
  const s = schema as unknown as Record<string, (v: unknown, p?: unknown) => unknown>;
  for (const m of ["parse", "safeParse", "parseAsync", "safeParseAsync"] as const) {
    const original = s[m]!.bind(schema);
    s[m] = (v: unknown, p?: unknown) => original(fold(v), p);
  }
  return schema;
}
