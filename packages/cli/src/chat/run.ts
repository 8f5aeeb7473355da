import path from "node:path";
import { findDiscovery } from "../dev/discovery.js";
import type { CliErrorCode } from "../errors.js";
import { KernelClient, type TurnObject } from "./client.js";

/** Where to send a turn: explicit flags win over the discovery file. */
export interface ChatTarget {
  url: string;
  token: string;
  source: string;
  /** The kernel's first user (acts when --user is not given). */
  defaultUser: string;
}

/** Error codes of `imperal chat` that mean "no kernel is running". */
export const NO_KERNEL = "E_NO_KERNEL" satisfies CliErrorCode;

/** Resolve the kernel to talk to: `--url` (+ `--token`/IMPERAL_DEV_TOKEN), else `.imperal/dev.json` from `dir` upwards. */
export function resolveChatTarget(opts: {
  dir?: string;
  url?: string;
  token?: string;
  env?: NodeJS.ProcessEnv;
}): ChatTarget | { error: string; code: CliErrorCode; fix: string } {
  const env = opts.env ?? process.env;
  const start = path.resolve(opts.dir ?? process.cwd());
  const found = findDiscovery(start);
  if (opts.url) {
    const token =
      opts.token ??
      env.IMPERAL_DEV_TOKEN ??
      (found && !found.stale && sameOrigin(found.info.url, opts.url) ? found.info.token : undefined);
    if (!token) {
      const fix =
        "pass --token <token> or set IMPERAL_DEV_TOKEN (the token is in .imperal/dev.json of the running `imperal dev`)";
      return { error: `no token for ${opts.url}`, code: "E_NO_TOKEN", fix };
    }
    return { url: opts.url, token, source: "--url", defaultUser: env.IMPERAL_USER || "dev" };
  }
  if (!found) {
    return {
      error: `no running \`imperal dev\` found from ${start} upwards (.imperal/dev.json)`,
      code: NO_KERNEL,
      fix: "start one in the extension directory: imperal dev --no-repl (or pass --dir / --url)",
    };
  }
  if (found.stale) {
    const error = `${found.file} is left over from a stopped \`imperal dev\` (pid ${found.info.pid})`;
    return { error, code: NO_KERNEL, fix: "start it again: imperal dev" };
  }
  return {
    url: found.info.url ?? `http://127.0.0.1:${found.info.port}`,
    token: opts.token ?? found.info.token,
    source: found.file,
    defaultUser: env.IMPERAL_USER || found.info.users?.[0] || "dev",
  };
}

function sameOrigin(a: string, b: string): boolean {
  try {
    return new URL(a).origin === new URL(b).origin;
  } catch {
    return false;
  }
}

/** Build a client for a resolved target. */
export function clientFor(target: ChatTarget, user?: string): KernelClient {
  return new KernelClient(target.url, target.token, user ?? target.defaultUser);
}

/**
 * For `--verbose`: the source-mapped stack of a handler that threw during this turn. The turn itself never carries
 * it (users see only the plain sentence); the kernel keeps the last one in `/v1/health` (`last_handler_error`).
 */
export async function handlerStackLines(client: KernelClient, turn: TurnObject, since: Date): Promise<string[]> {
  if (!JSON.stringify(turn).includes("HANDLER_ERROR")) return [];
  const h = (await client.health().catch(() => undefined)) as
    | { last_handler_error?: { tool?: string; code?: string; frame?: string | null; stack?: string; at?: string } }
    | undefined;
  const e = h?.last_handler_error;
  if (!e?.stack || !e.at || Date.parse(e.at) < since.getTime() - 1000) return [];
  return [
    `  handler ${e.tool ?? "?"} threw (${e.code ?? "HANDLER_ERROR"})${e.frame ? ` at ${e.frame}` : ""}:`,
    ...e.stack
      .split("\n")
      .filter((l, i) => i === 0 || !/\(?node:|\/local-kernel\/dist\/|\/node_modules\//.test(l))
      .slice(0, 12)
      .map((l) => `    ${l.trim()}`),
  ];
}
