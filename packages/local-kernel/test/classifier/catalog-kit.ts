// Made-up catalogs for the classifier's rule tests: a params schema, a tool entry, and one classification at a fixed
// time (2026-12-02 10:00 UTC), so every rule is tested on words no eval catalog uses.
import { classifyEmbedded } from "../../src/classifier/index.js";
import type { CatalogEntry, Classification, ClassifyInput, JsonSchema } from "../../src/classifier/types.js";

/** An object schema of `properties` with `required`. */
export const obj = (properties: Record<string, JsonSchema>, required: string[] = []): JsonSchema => ({
  type: "object",
  properties,
  required,
});
export const S: JsonSchema = { type: "string" };
export const I: JsonSchema = { type: "integer" };

/** A catalog entry (its description defaults to its name). */
export const tool = (
  name: string,
  actionType: CatalogEntry["actionType"],
  params: JsonSchema,
  description = name,
): CatalogEntry => ({ name, description, actionType, params });

/** The embedded classifier on one message at the fixed time. */
export const run = (message: string, catalog: CatalogEntry[], extra: Partial<ClassifyInput> = {}): Classification =>
  classifyEmbedded({ message, catalog, now: new Date("2026-12-02T10:00:00Z"), ...extra });
