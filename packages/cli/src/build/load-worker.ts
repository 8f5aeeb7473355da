// Runs inside a worker thread: imports a built extension bundle (never in the CLI's own module graph),
// finds the exported Extension by brand and reports its manifest and callable surface as plain JSON.
import { parentPort, workerData } from "node:worker_threads";
import { pathToFileURL } from "node:url";
import { statSync } from "node:fs";
import path from "node:path";
import type { CliErrorCode } from "../errors.js";

interface Input {
  bundlePath: string;
  extensionDir: string;
}

type Sdk = typeof import("@imperal/sdk");

/** The reply for an error thrown by the extension; a `fix` the SDK attached to it is passed on. */
function failure(code: CliErrorCode, err: unknown): Record<string, unknown> {
  const e = err as Error & { fix?: unknown };
  const fix = typeof e?.fix === "string" ? { fix: e.fix } : {};
  return {
    ok: false,
    code,
    name: e?.name ?? "Error",
    message: e?.message ?? String(err),
    stack: e?.stack ?? "",
    ...fix,
  };
}

async function run(input: Input): Promise<unknown> {
  let mod: Record<string, unknown>;
  try {
    mod = (await import(`${pathToFileURL(input.bundlePath).href}?v=${Date.now()}`)) as Record<string, unknown>;
  } catch (err) {
    return failure("E_BUILD_IMPORT", err);
  }
  const sdk: Sdk = await import("@imperal/sdk");
  const found = new Map<unknown, string[]>();
  for (const [key, value] of Object.entries(mod)) {
    if (sdk.isExtension(value)) found.set(value, [...(found.get(value) ?? []), key]);
  }
  if (found.size === 0) {
    return {
      ok: false,
      code: "E_BUILD_NO_EXTENSION",
      message: `the entry module exports no Extension (exports: ${Object.keys(mod).join(", ") || "none"})`,
    };
  }
  if (found.size > 1) {
    const names = [...found.values()].map((k) => k.join("/")).join(", ");
    return {
      ok: false,
      code: "E_BUILD_MANY_EXTENSIONS",
      message: `the entry module exports ${found.size} different Extensions (${names}); one bundle is one extension`,
    };
  }
  const [ext, exportNames] = [...found.entries()][0]!;
  try {
    let manifest = sdk.generateManifest(ext as never) as unknown as Record<string, unknown>;
    let iconProblem: string | undefined;
    const icon = manifest.icon;
    if (typeof icon === "string" && icon) {
      try {
        const st = statSync(path.resolve(input.extensionDir, icon));
        if (!st.isFile()) iconProblem = `icon "${icon}" is not a regular file`;
        else
          manifest = sdk.generateManifest(ext as never, { iconSizeBytes: st.size }) as unknown as Record<
            string,
            unknown
          >;
      } catch {
        iconProblem = `icon "${icon}" does not exist in the extension root`;
      }
    }
    const surface = sdk
      .callableSurface(ext as never)
      .map((t) => ({ name: t.name, kind: t.kind, actionType: t.actionType }));
    const summary = sdk.summarizeSurface(ext as never);
    return { ok: true, manifest, surface, summary, exportNames, iconProblem };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e?.code === "EMPTY_SCHEMA")
      return { ok: false, code: "E_BUILD_EMPTY_SCHEMA", message: e.message, stack: e.stack ?? "" };
    return failure("E_BUILD_MANIFEST", err);
  }
}

run(workerData as Input).then(
  (msg) => parentPort!.postMessage(msg),
  (err: Error) =>
    parentPort!.postMessage({
      ok: false,
      code: "E_BUILD_INTERNAL",
      message: err?.message ?? String(err),
      stack: err?.stack ?? "",
    }),
);
