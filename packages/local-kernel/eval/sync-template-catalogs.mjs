#!/usr/bin/env node
// Regenerates eval/catalogs/template-*.json from templates/*/src and web-tools.json from examples/web-tools/src:
// bundles each with esbuild (the SDK and zod stay external, resolved to the workspace builds), loads it, and converts
// generateManifest()'s tools[] into the classifier's CatalogEntry shape. Run after `pnpm build` when their functions
// change. (The notes and automations examples are not bundled here: their catalogs are written from the spec.)
import { build } from "esbuild";
import { mkdtemp, readFile, writeFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath, pathToFileURL } from "node:url";
import path from "node:path";

const here = path.dirname(fileURLToPath(import.meta.url));
const root = path.resolve(here, "..", "..", "..");
const sdkEntry = path.join(root, "packages", "sdk", "dist", "index.js");
const sdk = await import(pathToFileURL(sdkEntry).href);
const zodEntry = path.join(root, "packages", "sdk", "node_modules", "zod", "index.js");
const work = await mkdtemp(path.join(tmpdir(), "imperal-catalogs-"));
try {
  const sources = [
    ...["notes", "tasks", "connector", "minimal"].map((t) => ({
      t,
      dir: path.join(root, "templates", t),
      out: `template-${t}`,
    })),
    { t: "web-tools", dir: path.join(root, "examples", "web-tools"), out: "web-tools" },
  ];
  for (const { t, dir, out: name } of sources) {
    const out = path.join(work, `${t}.mjs`);
    await build({
      entryPoints: [path.join(dir, "src", "index.ts")],
      bundle: true,
      format: "esm",
      platform: "node",
      outfile: out,
      external: ["@imperal/sdk", "zod"],
      logLevel: "error",
    });
    const code = (await readFile(out, "utf8"))
      .replace(/__APP_ID__|__SCOPE_NS__|__TOOL_NAME__/g, t)
      .replace(/__DISPLAY_NAME__/g, t[0].toUpperCase() + t.slice(1))
      .replace(/from "@imperal\/sdk"/g, `from ${JSON.stringify(pathToFileURL(sdkEntry).href)}`)
      .replace(/from "zod"/g, `from ${JSON.stringify(pathToFileURL(zodEntry).href)}`);
    await writeFile(out, code);
    const mod = await import(pathToFileURL(out).href);
    const ext = Object.values(mod).find((v) => sdk.isExtension(v));
    const manifest = sdk.generateManifest(ext, { iconSizeBytes: 0 });
    const catalog = manifest.tools.map((x) => ({
      name: x.name,
      description: x.description,
      actionType: x.action_type,
      kind: x.kind,
      params: x.params_schema,
      ...(x.return_schema ? { returnSchema: x.return_schema } : {}),
      ...(x.id_projection ? { idProjection: x.id_projection } : {}),
    }));
    await writeFile(path.join(here, "catalogs", `${name}.json`), JSON.stringify(catalog, null, 1) + "\n");
    console.log(`${name}.json: ${catalog.map((c) => c.name).join(", ")}`);
  }
} finally {
  await rm(work, { recursive: true, force: true });
}
