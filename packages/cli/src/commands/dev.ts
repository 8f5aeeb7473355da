import { existsSync, readFileSync, statSync } from "node:fs";
import path from "node:path";
import kleur from "kleur";
import type { UserConfig } from "@imperal/local-kernel";
import { asCliError, CliError, EXIT } from "../errors.js";
import { DevSession, type DevChecks, type DevReloadResult, type DevSessionInfo } from "../dev/session.js";
import { renderEvent } from "../dev/repl/render.js";
import { parseUserFlag } from "../dev/kernel.js";
import { startRepl, type Repl } from "../dev/repl/repl.js";
import { scheduleSummary } from "../dev/repl/schedules.js";
import { KernelClient } from "../chat/client.js";
import { discoveryPath, pidAlive, readDiscovery } from "../dev/discovery.js";
import { defineCommand } from "./define.js";
import { traceLine } from "../dev/trace.js";
import { inspectorUrl } from "../inspector/server.js";
import { openBrowser } from "../inspector/open.js";

interface DevFlags {
  port: string;
  user?: string[];
  llm: "embedded" | "openai";
  repl: boolean;
  stateDir?: string;
  resetState?: boolean;
  open?: boolean;
  with?: string[];
}

function collect(value: string, prev: string[] | undefined): string[] {
  return [...(prev ?? []), value];
}

/** Users from `--user` flags, else `.imperal/users.json` (an array or `{ users: [...] }`), else the kernel's default `dev`. */
export function resolveUsers(dir: string, flags: string[] | undefined): UserConfig[] | undefined {
  if (flags?.length) return flags.map(parseUserFlag);
  const file = path.join(dir, ".imperal", "users.json");
  if (!existsSync(file)) return undefined;
  try {
    const raw = JSON.parse(readFileSync(file, "utf8")) as unknown;
    const list = (Array.isArray(raw) ? raw : (raw as { users?: unknown[] })?.users) as UserConfig[] | undefined;
    if (!Array.isArray(list) || list.some((u) => !u || typeof u.id !== "string"))
      throw new Error("expected an array of { id, scopes? }");
    return list;
  } catch (e) {
    const message = `.imperal/users.json is invalid: ${(e as Error).message}`;
    throw new CliError("E_BAD_USERS_FILE", message, "fix the file or pass --user flags instead");
  }
}

/**
 * `--llm openai` with no endpoint configured would start and then fail every turn: refuse at start, naming what to
 * set. The classifier defaults to api.openai.com (then it needs a key); any other endpoint is IMPERAL_LLM_BASE_URL.
 */
export function assertOpenAiConfigured(env: NodeJS.ProcessEnv): void {
  if (env.IMPERAL_LLM_BASE_URL || env.IMPERAL_LLM_API_KEY) return;
  throw new CliError(
    "E_LLM_NOT_CONFIGURED",
    "--llm openai needs an endpoint, and none is configured",
    "set IMPERAL_LLM_API_KEY (api.openai.com; IMPERAL_LLM_MODEL picks the model), or IMPERAL_LLM_BASE_URL for another OpenAI-compatible endpoint — or use --llm embedded",
  );
}

function fmt(ms: number): string {
  return `${Math.round(ms)} ms`;
}

/** `imperal dev [dir]`: local kernel + incremental rebuild + hot swap + REPL. */
export const devCommand = defineCommand<{ dir: string }, DevFlags>({
  name: "dev",
  description: "run the extension on a local kernel with hot reload and a chat REPL",
  args: [{ name: "dir", description: "extension directory", default: "." }],
  options: [
    {
      flags: "--port <port>",
      description: "port of the local kernel on 127.0.0.1 (next free port if taken)",
      default: "7777",
    },
    {
      flags: "--user <id[:scope,scope]>",
      description: "a user of the local kernel (repeatable; the first one acts in the REPL)",
      parse: collect,
    },
    { flags: "--llm <provider>", description: "classifier", choices: ["embedded", "openai"], default: "embedded" },
    { flags: "--no-repl", description: "no interactive REPL (for scripts and CI)" },
    {
      flags: "--state-dir <path>",
      description: "where store, audit, skeletons and confirmations live",
      default: path.join(".imperal", "state"),
    },
    { flags: "--reset-state", description: "delete the state dir before starting" },
    { flags: "--open", description: "open the inspector (web UI) in the default browser" },
    {
      flags: "--with <dir>",
      description: "load another built extension beside this one (repeatable; not watched)",
      parse: collect,
    },
  ],
  async handler({ dir: dirArg }, flags, { state }) {
    const dir = path.resolve(dirArg);
    if (!existsSync(dir) || !statSync(dir).isDirectory())
      throw new CliError("E_NO_DIR", `${dir} is not a directory`, "pass the extension directory: imperal dev <dir>");
    if (!existsSync(path.join(dir, "src"))) {
      throw new CliError(
        "E_BUILD_NO_ENTRY",
        `${dir} has no src/ (not an extension directory)`,
        "run it in a directory made by `imperal init`, or pass one: imperal dev <dir>",
      );
    }
    const port = Number(flags.port);
    if (!Number.isInteger(port) || port < 0 || port > 65535) {
      throw new CliError(
        "E_BAD_PORT",
        `--port ${flags.port} is not a port number`,
        "use --port 7777 (0 = any free port)",
      );
    }
    const running = readDiscovery(discoveryPath(dir));
    if (running && running.pid !== process.pid && pidAlive(running.pid)) {
      throw new CliError(
        "E_DEV_ALREADY_RUNNING",
        `imperal dev is already running for ${dir} (pid ${running.pid}, ${running.url})`,
        "use that one (imperal chat finds it), or stop it first: two dev servers would fight over dist/, imperal.json and the state dir",
      );
    }
    if (flags.llm === "openai") assertOpenAiConfigured(process.env);
    const withDirs = (flags.with ?? []).map((d) => path.resolve(d));
    for (const d of withDirs)
      if (!existsSync(path.join(d, "dist", "extension.mjs")))
        throw new CliError(
          "E_WITH_NOT_BUILT",
          `--with ${d}: no built extension there (dist/extension.mjs is missing)`,
          `build it first: imperal build ${d}`,
        );
    const users = resolveUsers(dir, flags.user);
    const userIds = (users ?? [{ id: "dev" }]).map((u) => u.id);
    const json = state.output.json;
    const interactive = flags.repl && !json && !!process.stdin.isTTY && !!process.stdout.isTTY;
    const out = (line: string) => process.stdout.write(line + "\n");
    const emit = (event: string, body: Record<string, unknown>) =>
      out(JSON.stringify({ ok: event !== "build_error", command: "dev", event, ...body }));

    const session = new DevSession({
      dir,
      port,
      users,
      llm: flags.llm,
      stateDir: flags.stateDir,
      resetState: flags.resetState,
      ...(withDirs.length ? { with: withDirs } : {}),
    });
    let repl: Repl | undefined;
    const say = (line: string) => (repl ? repl.print(line) : out(line));
    session.on("build:error", (r: DevReloadResult) => {
      if (r.ok) return;
      if (json) return emit("build_error", { error: r.error, files: r.files });
      if (repl) return; // the REPL shows it from the event stream
      const lines = [`${kleur.red("✗ build failed")} ${r.error.text}`];
      if (r.error.lineText) lines.push(kleur.dim(`    ${r.error.lineText.trim()}`));
      lines.push(
        kleur.dim(session.serving ? "  the last good build keeps serving; waiting for a fix…" : "  waiting for a fix…"),
      );
      say(lines.join("\n"));
    });
    let announced = false; // "ready" printed; a first good build after a failed start is announced here
    session.on("build:ok", (r: DevReloadResult) => {
      if (!r.ok) return;
      const timings = {
        generation: r.generation,
        files: r.files,
        build_ms: Math.round(r.buildMs),
        reload_ms: Math.round(r.reloadMs),
      };
      if (r.generation === 1) {
        if (!announced) return;
        if (json) return emit("reloaded", { ...timings, first: true });
        return say(`${kleur.green("✓")} built and loaded ${kleur.dim("(the first good build; calls are served now)")}`);
      }
      if (json) return emit("reloaded", timings);
      if (repl) return;
      say(
        `${kleur.green("✓")} reloaded ${kleur.dim(`(${r.files.join(", ")}) build ${fmt(r.buildMs)} + swap ${fmt(r.reloadMs)}`)}`,
      );
    });
    // Request lines, ctx.log lines and handler stacks for every client (REPL, imperal chat, curl), from the kernel itself.
    session.on("kernel:ready", () => {
      session.kernel?.onEvent((ev) => {
        const t = traceLine(ev);
        if (!t) return;
        if (json) return emit(t.kind, t.json);
        say(t.text);
      });
    });
    session.on("build:check", (c: DevChecks) => {
      if (json) return emit("checked", { ...c });
      if (repl) return; // the REPL shows it from the event stream
      const text = renderEvent("build_check", c);
      if (text) say(text);
    });
    session.on("build:start", (e: { files: string[] }) => {
      if (!json && !repl && e.files[0] !== "(initial build)")
        say(kleur.dim(`↻ rebuilding (${e.files.slice(0, 3).join(", ")})…`));
    });

    let finish!: () => void;
    const done = new Promise<void>((resolve) => (finish = resolve));
    let stopping = false;
    const stop = async (why: string) => {
      if (stopping) return;
      stopping = true;
      repl?.close();
      if (!json) out(kleur.dim(`stopping (${why})…`));
      await session.close();
      if (json) emit("stopped", { reason: why });
      finish();
    };
    const onSignal = (sig: NodeJS.Signals) => void stop(sig);
    process.on("SIGINT", onSignal);
    process.on("SIGTERM", onSignal);
    process.on("SIGHUP", onSignal);
    try {
      if (!json) out(`${kleur.bold("imperal dev")} ${kleur.dim(dir)}`);
      let info: DevSessionInfo;
      try {
        info = await session.start();
      } catch (e) {
        await session.close();
        throw asCliError(e, { code: "E_DEV_START", fix: "run with --verbose for details" }, EXIT.INTERNAL);
      }
      if (stopping) return await done;
      const actingUser = users?.[0]?.id ?? "dev";
      const serving = session.serving;
      announced = true;
      if (json) {
        emit("ready", {
          serving,
          url: info.url,
          port: info.port,
          requested_port: info.requestedPort,
          state_dir: info.stateDir,
          discovery: path.join(dir, ".imperal", "dev.json"),
          users: userIds,
          pid: process.pid,
          inspector: inspectorUrl(info.url, info.token),
          schedules: (session.kernel?.schedules() ?? []).map((s) => ({ name: s.name, cron: s.cron })),
          webhooks: webhookUrls(info.url, session.kernel?.internal.info()),
        });
      } else {
        const webhooks = webhookUrls(info.url, session.kernel?.internal.info());
        for (const line of readyLines({
          dir,
          info,
          serving,
          users,
          resetState: flags.resetState,
          interactive,
          webhooks,
        }))
          out(line);
        for (const line of scheduleSummary(session.kernel?.schedules() ?? [])) out(line);
      }
      if (flags.open) openBrowser(inspectorUrl(info.url, info.token), (m) => say(kleur.yellow(m)));
      if (interactive) {
        const client = new KernelClient(info.url, info.token, actingUser);
        repl = startRepl({
          client,
          dir,
          users: userIds,
          input: process.stdin,
          output: process.stdout,
          reload: () => session.rebuild(["(/reload)"]),
          historyFile: path.join(dir, ".imperal", "repl-history"),
          onExit: () => void stop("quit"),
        });
      }
      await done;
    } finally {
      process.off("SIGINT", onSignal);
      process.off("SIGTERM", onSignal);
      process.off("SIGHUP", onSignal);
    }
  },
});

/** The human "ready" block: where the kernel listens, where its token and state are, who the users are. */
export function readyLines(o: {
  dir: string;
  info: DevSessionInfo;
  serving: boolean;
  users: UserConfig[] | undefined;
  resetState?: boolean;
  interactive: boolean;
  /** Each webhook's local URL (served without the bearer token, SPEC 7.5). */
  webhooks?: Array<{ method: string; url: string }>;
}): string[] {
  const { info } = o;
  const rel = path.relative(o.dir, info.stateDir) || ".";
  const portNote =
    info.port !== info.requestedPort && info.requestedPort !== 0
      ? kleur.yellow(`  (port ${info.requestedPort} is taken; using ${info.port})`)
      : "";
  const firstBuildFailed = kleur.dim("(calls answer 503 NO_BUILD until a build succeeds; the build reloads on save)");
  const users = (o.users ?? [{ id: "dev" }]).map((u) => u.id + (u.scopes ? kleur.dim(`[${u.scopes.join(",")}]`) : ""));
  return [
    o.serving
      ? `  ${kleur.green("✓")} built and loaded`
      : `  ${kleur.red("✗")} the first build failed ${firstBuildFailed}`,
    `  ${kleur.cyan("➜")} kernel   ${kleur.bold(info.url)}${portNote}`,
    `  ${kleur.cyan("➜")} Inspector: ${kleur.bold(inspectorUrl(info.url, info.token))}`,
    `  ${kleur.cyan("➜")} token    ${kleur.dim(".imperal/dev.json (mode 0600; `imperal chat` reads it)")}`,
    `  ${kleur.cyan("➜")} state    ${kleur.dim(rel.startsWith("..") ? info.stateDir : rel)}${o.resetState ? kleur.yellow(" (reset)") : ""}`,
    `  ${kleur.cyan("➜")} users    ${users.join(", ")}`,
    ...(o.webhooks ?? []).map(
      (w) => `  ${kleur.cyan("➜")} webhook  ${kleur.dim(w.method.padEnd(6))}${kleur.bold(w.url)}`,
    ),
    kleur.dim(`  watching for changes; ${o.interactive ? "Ctrl-C twice or /quit to stop" : "Ctrl-C to stop"}`),
  ];
}

/** The local URL of each webhook of the serving build: `<url>/v1/ext/<app_id>/webhook/<path>` (no token needed). */
export function webhookUrls(
  baseUrl: string,
  build: { appId: string; platform: { webhooks: Array<{ method: string; path: string }> } | null } | undefined,
): Array<{ method: string; url: string }> {
  if (!build?.platform) return [];
  return build.platform.webhooks.map((w) => ({
    method: w.method,
    url: `${baseUrl}/v1/ext/${build.appId}/webhook/${w.path}`,
  }));
}
