import { zodToJsonSchema } from "zod-to-json-schema";
import * as z from "zod/v4";
import { ManifestError, SDK_ERROR_CODES } from "../errors/index.js";

/**
 * Anything with zod's inferred output type. Both zod 3 (`_output`) and zod 4 classic (`_output`) declare it,
 * which lets one type work for either major version.
 */
export interface SchemaLike<Out = unknown> {
  readonly _output: Out;
}
/** A schema whose output is an object (what `params` must be). */
export type ObjectSchemaLike = SchemaLike<object>;
/** Output type of a zod 3 or zod 4 schema. */
export type Infer<S> = S extends { readonly _output: infer O } ? O : never;

type Zod4Like = { _zod: { def: { type: string; shape?: Record<string, unknown> } } };
type Zod3Like = { _def: { typeName?: string; shape?: () => Record<string, unknown> } };

/** True for a zod 4 schema (classic or mini): they carry `_zod` internals. */
export function isZod4Schema(schema: unknown): schema is Zod4Like {
  return typeof schema === "object" && schema !== null && "_zod" in schema;
}
/** True for a zod 3 schema (including `zod/v3` from the zod 4 package). */
export function isZod3Schema(schema: unknown): schema is Zod3Like {
  return typeof schema === "object" && schema !== null && "_def" in schema && !("_zod" in schema);
}
/** True when `schema` is a zod 3 or zod 4 schema. */
export function isZodSchema(schema: unknown): boolean {
  return isZod4Schema(schema) || isZod3Schema(schema);
}
/** True when `schema` is a `z.object(...)` of either zod version. */
export function isZodObject(schema: unknown): boolean {
  if (isZod4Schema(schema)) return schema._zod.def.type === "object";
  if (isZod3Schema(schema)) return schema._def.typeName === "ZodObject";
  return false;
}
/** Keys of a zod object's shape (either version); `[]` for anything else. */
export function objectShapeKeys(schema: unknown): string[] {
  if (isZod4Schema(schema) && schema._zod.def.type === "object") return Object.keys(schema._zod.def.shape ?? {});
  if (isZod3Schema(schema) && schema._def.typeName === "ZodObject") {
    const shape = schema._def.shape;
    return Object.keys(typeof shape === "function" ? shape() : (shape ?? {}));
  }
  return [];
}

/** One validation problem, normalised across zod versions. */
export interface SchemaIssue {
  path: (string | number)[];
  code: string;
  message: string;
  expected?: string;
  options?: unknown[];
  minimum?: number | bigint;
  maximum?: number | bigint;
  keys?: string[];
}
/** Result of {@link safeParseAny}. */
export type AnyParseResult = { success: true; data: unknown } | { success: false; issues: SchemaIssue[] };

/** `safeParse` that works for zod 3 and zod 4 schemas and returns version-neutral issues. */
export function safeParseAny(schema: unknown, value: unknown): AnyParseResult {
  const s = schema as {
    safeParse?: (v: unknown) => { success: boolean; data?: unknown; error?: { issues: unknown[] } };
  };
  if (typeof s?.safeParse !== "function") {
    throw new ManifestError(
      SDK_ERROR_CODES.NOT_A_SCHEMA,
      "Expected a zod schema (zod 3 or zod 4).",
      "Pass a schema built with z.object(...).",
    );
  }
  const r = s.safeParse(value);
  if (r.success) return { success: true, data: r.data };
  const issues = (r.error?.issues ?? []).map((raw) => normaliseIssue(raw as Record<string, unknown>));
  return { success: false, issues };
}

function normaliseIssue(raw: Record<string, unknown>): SchemaIssue {
  const issue: SchemaIssue = {
    path: Array.isArray(raw.path)
      ? (raw.path as (string | number)[]).map((p) => (typeof p === "symbol" ? String(p) : p))
      : [],
    code: String(raw.code ?? "invalid"),
    message: String(raw.message ?? "invalid value"),
  };
  if (typeof raw.expected === "string") issue.expected = raw.expected;
  const options = (raw.values ?? raw.options) as unknown;
  if (Array.isArray(options)) issue.options = options;
  if (typeof raw.minimum === "number" || typeof raw.minimum === "bigint") issue.minimum = raw.minimum;
  if (typeof raw.maximum === "number" || typeof raw.maximum === "bigint") issue.maximum = raw.maximum;
  if (Array.isArray(raw.keys)) issue.keys = raw.keys as string[];
  return issue;
}

/** Which side of a transform/default the JSON Schema describes: params use "input", return data "output". */
export type SchemaIO = "input" | "output";

/**
 * Converts a zod 3 or zod 4 schema to JSON Schema, never returning an empty schema for a non-empty object.
 * zod 4 goes through `z.toJSONSchema`; zod 3 through zod-to-json-schema (which silently yields `{}` for zod 4).
 */
export function schemaToJsonSchema(
  schema: unknown,
  opts: { io?: SchemaIO; label?: string } = {},
): Record<string, unknown> {
  const label = opts.label ?? "schema";
  let out: Record<string, unknown>;
  if (isZod4Schema(schema)) {
    try {
      out = z.toJSONSchema(schema as unknown as z.ZodType, {
        target: "draft-2020-12",
        io: opts.io ?? "output",
        unrepresentable: "any",
      }) as Record<string, unknown>;
    } catch (err) {
      throw new ManifestError(
        SDK_ERROR_CODES.SCHEMA_CONVERSION_FAILED,
        `${label} cannot be converted to JSON Schema: ${(err as Error).message}`,
        "Use JSON-representable zod types (no z.lazy cycles, functions or symbols) in params and dataModel.",
      );
    }
  } else if (isZod3Schema(schema)) {
    out = zodToJsonSchema(schema as never, {
      $refStrategy: "none",
      target: "jsonSchema2019-09",
      effectStrategy: opts.io === "input" ? "input" : "any",
      pipeStrategy: opts.io === "input" ? "input" : "output",
    }) as Record<string, unknown>;
  } else {
    throw new ManifestError(
      SDK_ERROR_CODES.NOT_A_SCHEMA,
      `${label} is not a zod schema.`,
      "Use z.object({...}) from zod 3 or zod 4.",
    );
  }
  const { $schema: _drop, ...rest } = out;
  assertNotEmpty(schema, rest, label);
  return rest;
}

/** Throws when a converter produced `{}` (or no properties) for a zod object that has fields. */
export function assertNotEmpty(schema: unknown, json: Record<string, unknown>, label = "schema"): void {
  const keys = objectShapeKeys(schema);
  const props = json.properties as Record<string, unknown> | undefined;
  const empty = Object.keys(json).length === 0;
  if (empty || (keys.length > 0 && (!props || Object.keys(props).length === 0))) {
    throw new ManifestError(
      SDK_ERROR_CODES.EMPTY_SCHEMA,
      `${label} converted to an empty JSON Schema although it declares ${keys.length} field(s).`,
      "Make sure zod 4 schemas are converted with z.toJSONSchema and zod 3 ones with zod-to-json-schema (do not mix zod copies).",
    );
  }
}
