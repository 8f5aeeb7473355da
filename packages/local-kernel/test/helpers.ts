import { build, type Plugin } from "esbuild";
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, dirname } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

export const here = dirname(fileURLToPath(import.meta.url));

/** Bundles a fixture extension with real esbuild into `<dir>/dist/extension.mjs` and writes `imperal.json`. */
export async function buildFixture(
  fixture: string,
  dir?: string,
  opts: { banner?: string; tag?: string; replace?: Record<string, string> } = {},
): Promise<string> {
  const out = dir ?? mkdtempSync(join(tmpdir(), "imperal-kernel-"));
  mkdirSync(join(out, "dist"), { recursive: true });
  const outfile = join(out, "dist", "extension.mjs");
  await build({
    entryPoints: [join(here, "fixtures", fixture)],
    bundle: true,
    format: "esm",
    platform: "node",
    target: "node20",
    outfile,
    logLevel: "silent",
    // Fixtures that re-export a template (templates/*) resolve @imperal/sdk from this package.
    nodePaths: [join(here, "..", "node_modules")],
    define: { __BUILD_TAG__: JSON.stringify(opts.tag ?? "v1") },
    ...(opts.banner ? { banner: { js: opts.banner } } : {}),
    // Template placeholders (`__APP_ID__`...) are filled the way `imperal init` fills them.
    ...(opts.replace ? { plugins: [replacePlugin(opts.replace)] } : {}),
  });
  const sdk = await import("@imperal/sdk");
  const mod = await import(pathToFileURL(outfile).href + `?t=${Date.now()}${Math.random()}`);
  const ext = Object.values(mod).find((v) => sdk.isExtension(v));
  writeFileSync(join(out, "imperal.json"), sdk.serializeManifest(sdk.generateManifest(ext)));
  return out;
}

function replacePlugin(map: Record<string, string>): Plugin {
  return {
    name: "replace",
    setup(b) {
      b.onLoad({ filter: /templates[\\/].*\.ts$/ }, (args) => {
        let text = readFileSync(args.path, "utf8");
        for (const [k, v] of Object.entries(map)) text = text.split(k).join(v);
        return { contents: text, loader: "ts" };
      });
    },
  };
}

/** Removes a temp dir. */
export function cleanup(dir: string): void {
  rmSync(dir, { recursive: true, force: true });
}

/** The kernel under test: the built dist (the worker entry must be runnable JS). */
export async function loadKernel(): Promise<typeof import("../src/index.js")> {
  return (await import("../dist/index.js")) as unknown as typeof import("../src/index.js");
}

/** JSON request against a kernel. */
export async function req(
  url: string,
  token: string | undefined,
  method: string,
  path: string,
  opts: { body?: unknown; raw?: string | Buffer; user?: string; headers?: Record<string, string> } = {},
): Promise<{ status: number; json: any }> {
  const headers: Record<string, string> = { ...(opts.headers ?? {}) };
  if (token) headers.authorization = `Bearer ${token}`;
  if (opts.user) headers["x-acting-user"] = opts.user;
  let body: string | Buffer | undefined;
  if (opts.raw !== undefined) body = opts.raw;
  else if (opts.body !== undefined) {
    body = JSON.stringify(opts.body);
    headers["content-type"] = "application/json";
  }
  const res = await fetch(url + path, { method, headers, body });
  const text = await res.text();
  let json: any = undefined;
  try {
    json = JSON.parse(text);
  } catch {
    json = text;
  }
  return { status: res.status, json };
}
