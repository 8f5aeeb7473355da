// Writes dist/manifest.schema.json from the built ManifestSchema (zod 4 -> JSON Schema draft 2020-12), so the
// shipped schema and the SDK's runtime validation can never disagree.
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import {
  manifestJsonSchema,
  APP_ID_PATTERN,
  SEMVER_PATTERN,
  CAPABILITY_PATTERN,
  IDENTIFIER_PATTERN,
  CRON_PATTERN,
  REFRESH_PATTERN,
} from "../dist/index.js";

const schema = manifestJsonSchema();
const text = `${JSON.stringify(schema, null, 2)}\n`;
// A regex lost in conversion would silently weaken `imperal validate`; fail the build instead.
for (const re of [
  APP_ID_PATTERN,
  SEMVER_PATTERN,
  CAPABILITY_PATTERN,
  IDENTIFIER_PATTERN,
  CRON_PATTERN,
  REFRESH_PATTERN,
]) {
  if (!text.includes(JSON.stringify(re.source))) {
    console.error(`gen-schema: pattern ${re.source} is missing from manifest.schema.json`);
    process.exit(1);
  }
}
const out = fileURLToPath(new URL("../dist/manifest.schema.json", import.meta.url));
writeFileSync(out, text);
console.log(`gen-schema: wrote ${out}`);
