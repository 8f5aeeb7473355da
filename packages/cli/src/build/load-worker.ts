// Runs inside a worker thread: imports a built extension bundle (never in the CLI's own module graph),
// finds the exported Extension by brand and reports its manifest and callable surface as plain JSON.
// The worker can start before the bundle exists (`imperal build` starts it while esbuild bundles): it loads the SDK
// right away and waits for the bundle's path as its first message (or takes it from workerData).
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

// Loaded while the bundle is being built; the SDK (and its zod) costs about as much as the bundle itself.
const sdkLoading: Promise<Sdk> = import("@imperal/sdk");
sdkLoading.catch(() => undefined); // reported by run() when awaited

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
  const sdk: Sdk = await sdkLoading;
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
    // the exact bytes of imperal.json, made here so the CLI's own thread never loads the SDK for it
    const manifestText = sdk.serializeManifest(manifest as never);
    return { ok: true, manifest, manifestText, surface, summary, exportNames, iconProblem };
  } catch (err) {
    const e = err as Error & { code?: string };
    if (e?.code === "EMPTY_SCHEMA")
      return { ok: false, code: "E_BUILD_EMPTY_SCHEMA", message: e.message, stack: e.stack ?? "" };
    return failure("E_BUILD_MANIFEST", err);
  }
}

function start(input: Input): void {
  run(input).then(
    (msg) => parentPort!.postMessage(msg),
    (err: Error) =>
      parentPort!.postMessage({
        ok: false,
        code: "E_BUILD_INTERNAL",
        message: err?.message ?? String(err),
        stack: err?.stack ?? "",
      }),
  );
}

const given = workerData as Partial<Input> | undefined;
if (given?.bundlePath) start(given as Input);
else parentPort!.once("message", (m: Input) => start(m));
