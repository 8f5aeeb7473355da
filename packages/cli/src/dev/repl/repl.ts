import readline from "node:readline";
import { appendFileSync, existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import path from "node:path";
import kleur from "kleur";
import { KernelHttpError, type KernelClient, type TurnObject } from "../../chat/client.js";
import { COMMANDS, complete, parseInput, parseToolAndJson, parseYesNo } from "./parse.js";
import { saveEval } from "./save-eval.js";
import { confirmationQuestion, renderReplEvent, renderTurn, renderUiTree, shortJson, targetLabel } from "./render.js";
import { toReplEvent } from "./events.js";
import { fetchSchedules, scheduleCommand } from "./schedules.js";

/** Options of the interactive REPL. */
export interface ReplOptions {
  client: KernelClient;
  /** Known users (for /user with no id); the client's user acts. */
  users: string[];
  input: NodeJS.ReadableStream & { isTTY?: boolean; setRawMode?: (m: boolean) => void };
  output: NodeJS.WritableStream & { isTTY?: boolean; columns?: number };
  /** The extension root (where /save-eval writes evals/recorded.json). */
  dir?: string;
  /** Trigger an immediate rebuild (/reload). */
  reload?: () => Promise<unknown>;
  /** Called once when the user quits (/quit, Ctrl-C twice, Ctrl-D). */
  onExit: () => void;
  /** Lines typed are kept here across sessions (`imperal dev`: `.imperal/repl-history`). */
  historyFile?: string;
}

const HISTORY_MAX = 500;

function readHistory(file: string | undefined): string[] {
  if (!file || !existsSync(file)) return [];
  try {
    const lines = readFileSync(file, "utf8").split("\n").filter(Boolean);
    if (lines.length > HISTORY_MAX * 2) writeFileSync(file, lines.slice(-HISTORY_MAX).join("\n") + "\n");
    return lines.slice(-HISTORY_MAX).reverse(); // readline wants the newest first
  } catch {
    return [];
  }
}

/** A running REPL. */
export interface Repl {
  /** Print a line above the prompt without breaking what the user is typing. */
  print(text: string): void;
  close(): void;
}

/** The REPL prompt (SPEC 3). */
export const PROMPT = "you › ";

/** Start the `you ›` chat REPL against a kernel (through the dev front, so turns wait for rebuilds). */
export function startRepl(opts: ReplOptions): Repl {
  const { client, output } = opts;
  /** Tool names and panel ids for tab completion, refreshed after each reload. */
  let toolNames: string[] = [];
  let panelIds: string[] = [];
  let scheduleNames: string[] = [];
  const rl = readline.createInterface({
    input: opts.input,
    output,
    terminal: true,
    historySize: HISTORY_MAX,
    history: readHistory(opts.historyFile),
    prompt: kleur.bold().cyan(PROMPT),
    completer: (line: string) => complete(line, toolNames, panelIds, scheduleNames),
  });
  /** The last turn object or answer body (`/last`). */
  let last: unknown;
  async function loadNames(): Promise<void> {
    try {
      const body = (await client.tools()) as {
        tools?: Array<{ name?: string }>;
        panels?: Array<{ panel_id?: string }>;
      };
      toolNames = (body.tools ?? []).map((t) => String(t.name ?? "")).filter(Boolean);
      panelIds = (body.panels ?? []).map((p) => String(p.panel_id ?? "")).filter(Boolean);
    } catch {
      /* no build yet: completion of names comes after the first good build */
    }
    scheduleNames = await fetchSchedules(client).then(
      (l) => l.map((s) => s.name),
      () => scheduleNames,
    );
  }
  void loadNames();
  let closed = false;
  let busy = false;
  let running: AbortController | null = null;
  let lastSigint = 0;
  let answer: ((line: string) => void) | null = null;
  const queue: string[] = [];
  let events = new AbortController();
  /** Call ids of the running turn (from `call_started` and progress events), so Ctrl-C can cancel them in the kernel. */
  const runningCallIds = new Set<number>();
  let lastTurn: { message: string; turn: TurnObject } | undefined; // for /save-eval

  const write = (s: string) => output.write(s + "\n");
  /** The prompt flags a serving build with type or validator errors until a check comes back clean. */
  let mainPrompt = kleur.bold().cyan(PROMPT);
  function setFlag(errors: number): void {
    mainPrompt = errors ? kleur.red(`⚠${errors} `) + kleur.bold().cyan(PROMPT) : kleur.bold().cyan(PROMPT);
    if (!answer) rl.setPrompt(mainPrompt);
  }

  /** Print above the prompt: clear the current line, print, redraw prompt + typed text (cursor preserved). */
  function print(text: string): void {
    if (closed) return;
    if (busy && !answer) {
      write(text);
      return;
    }
    readline.clearLine(output, 0);
    readline.cursorTo(output, 0);
    write(text);
    rl.prompt(true);
  }

  function prompt(): void {
    if (!closed) rl.prompt();
  }

  function ask(question: string): Promise<string> {
    return new Promise((resolve) => {
      rl.setPrompt(kleur.yellow(`${question} (y/n) `));
      answer = (line) => {
        answer = null;
        rl.setPrompt(mainPrompt);
        resolve(line);
      };
      rl.prompt();
    });
  }

  function exit(): void {
    if (closed) return;
    closed = true;
    events.abort();
    running?.abort();
    rl.close();
    opts.onExit();
  }

  /** Results of the last turns shown here: a source of labels besides the kernel's fact ledger. */
  const seen: unknown[] = [];
  /** Names the ids of a confirmation's calls from the fact ledger and skeleton snapshots (the note's title). */
  async function labeller(): Promise<(args: unknown) => string | undefined> {
    const sources = await Promise.all([
      client.request("GET", "/v1/fact-ledger").catch(() => undefined),
      client.skeleton().catch(() => undefined),
    ]);
    // the ledger keeps each turn's results as JSON text (`[{ tool, data }]`); a truncated one is skipped
    const turns = ((sources[0] as { turns?: Array<{ text?: string }> } | undefined)?.turns ?? []).map((t) => {
      try {
        return JSON.parse(t.text ?? "") as unknown;
      } catch {
        return undefined;
      }
    });
    return (args) => targetLabel(args, [...turns, sources[1], ...seen]);
  }

  async function showTurn(turn: TurnObject, started: number): Promise<void> {
    last = turn;
    seen.unshift(turn.results ?? []);
    seen.length = Math.min(seen.length, 20);
    write(renderTurn(turn, performance.now() - started).join("\n"));
    if (turn.outcome === "needs_confirmation" && turn.confirmation?.id) {
      let yes: boolean | undefined;
      const question = confirmationQuestion(turn, await labeller());
      while (yes === undefined && !closed) {
        yes = parseYesNo(await ask(question));
        if (yes === undefined && !closed) write(kleur.dim("  answer y or n"));
      }
      if (closed) return;
      const t0 = performance.now();
      const next = yes
        ? await client.accept(turn.confirmation.id, { signal: running?.signal })
        : await client.cancel(turn.confirmation.id);
      if (!yes && (!next || !next.outcome)) {
        write(`  ${kleur.dim("cancelled — nothing ran")}`);
        return;
      }
      await showTurn(next, t0);
    }
  }

  async function runCommand(name: string, rest: string, args: string[]): Promise<void> {
    switch (name) {
      case "help":
        write(kleur.bold("Type a message to chat, or:"));
        for (const c of COMMANDS) write(`  ${kleur.cyan(c.usage.padEnd(30))} ${c.help}`);
        write(kleur.dim("  Ctrl-C cancels a running call; twice exits."));
        return;
      case "quit":
        exit();
        return;
      case "last":
        write(last === undefined ? kleur.dim("  (nothing yet)") : JSON.stringify(last, null, 2));
        return;
      case "user": {
        if (!args[0]) {
          write(
            `  acting user: ${kleur.bold(client.user ?? "dev")}${opts.users.length ? kleur.dim(`  (known: ${opts.users.join(", ")})`) : ""}`,
          );
          return;
        }
        client.user = args[0];
        events.abort(); // resubscribe: the kernel streams each user's own events
        const undeclared = opts.users.length && !opts.users.includes(args[0]);
        const note = undeclared
          ? kleur.yellow(" (not declared with --user: the kernel decides whether it exists)")
          : "";
        write(`  acting user is now ${kleur.bold(args[0])}${note}`);
        return;
      }
      case "save-eval":
        write(saveEval(opts.dir, lastTurn, rest));
        return;
      case "reload": {
        if (!opts.reload) {
          write(kleur.dim("  /reload is only available inside `imperal dev`"));
          return;
        }
        await opts.reload();
        return;
      }
      case "call": {
        const p = parseToolAndJson(rest);
        if ("error" in p) {
          write(kleur.red(`  ${p.error}`) + kleur.dim('  usage: /call <tool> {"key":"value"}'));
          return;
        }
        const t0 = performance.now();
        const turn = await client.call(p.tool, p.json, { signal: running?.signal });
        // a direct call skips the classifier: show what was called in the same place
        turn.classification ??= { intent: "direct call", plan: [{ tool: p.tool, args: p.json }] };
        await showTurn(turn, t0);
        return;
      }
      case "tools": {
        const body = (await client.tools()) as unknown;
        const list = (Array.isArray(body) ? body : ((body as { tools?: unknown[] })?.tools ?? [])) as Array<
          Record<string, unknown>
        >;
        if (!list.length) write(kleur.dim("  (no tools)"));
        for (const t of list) {
          const at = String(t.action_type ?? t.actionType ?? "");
          const col = at === "destructive" ? kleur.red : at === "write" ? kleur.yellow : kleur.green;
          write(
            `  ${kleur.bold(String(t.name))} ${kleur.dim(String(t.kind ?? ""))} ${col(at)}  ${kleur.dim(String(t.description ?? ""))}`,
          );
        }
        return;
      }
      case "skeleton": {
        if (args[0] === "refresh" && args[1]) {
          await client.refreshSkeleton(args[1]);
        }
        const body = (await client.skeleton()) as Record<string, unknown>;
        const block = ["block", "rendered", "classifier_block", "prompt", "compressed"]
          .map((k) => body?.[k])
          .find((v) => typeof v === "string") as string | undefined;
        if (block)
          write(
            kleur.dim("  what the classifier sees:\n") +
              block
                .split("\n")
                .map((l) => "  " + kleur.dim("│ ") + l)
                .join("\n"),
          );
        else write(JSON.stringify(body, null, 2));
        const sections = (Array.isArray(body?.sections) ? body.sections : []) as Array<Record<string, unknown>>;
        for (const sec of sections) {
          const bytes = typeof sec.raw_bytes === "number" ? `${sec.raw_bytes} B raw` : "no snapshot yet";
          const age = sec.age_s != null ? ` · ${String(sec.age_s)} s old` : "";
          write(
            `  ${kleur.bold(String(sec.section))} ${kleur.dim(`ttl ${String(sec.ttl ?? "?")} s · ${bytes}${age}`)}`,
          );
          for (const w of (Array.isArray(sec.warnings) ? sec.warnings : []) as unknown[]) {
            write(kleur.yellow(`    ! ${typeof w === "string" ? w : shortJson(w)}`));
          }
          const le = sec.last_error as { code?: string; message?: string } | undefined;
          if (le) write(kleur.red(`    last refresh failed: ${le.code ?? ""} ${le.message ?? ""}`));
        }
        for (const a of (Array.isArray(body?.alerts) ? body.alerts : []) as unknown[])
          write(kleur.yellow(`  ! alert: ${String(a)}`));
        return;
      }
      case "panel": {
        const p = parseToolAndJson(rest);
        if ("error" in p) {
          write(kleur.red(`  ${p.error}`) + kleur.dim("  usage: /panel <id> [json props]"));
          return;
        }
        await loadNames();
        if (panelIds.length && !panelIds.includes(p.tool)) {
          write(kleur.red(`  unknown panel "${p.tool}"`) + kleur.dim(`  panels: ${panelIds.join(", ")}`));
          return;
        }
        if (!panelIds.length) {
          write(kleur.red(`  unknown panel "${p.tool}"`) + kleur.dim("  (this extension declares no panels)"));
          return;
        }
        const body = (await client.panel(p.tool, p.json)) as Record<string, unknown>;
        last = body;
        if (body && body.ui === undefined && (body.outcome === "failed" || body.outcome === "rejected")) {
          // a panel whose handler failed (or a gate refused) has no tree: say so, with the code
          write(kleur.red(`  ✗ ${String(body.reply ?? body.outcome)}`) + kleur.dim(` [${String(body.code ?? "")}]`));
          return;
        }
        const tree = body?.tree ?? body?.ui ?? body?.node ?? body;
        write(renderUiTree(tree).join("\n"));
        return;
      }
      case "schedules":
      case "schedule":
        write((await scheduleCommand(client, name, args)).join("\n"));
        return;
      case "audit": {
        const n = args[0] ? Number(args[0]) : 10;
        if (!Number.isInteger(n) || n <= 0) {
          write(kleur.red("  usage: /audit [n]"));
          return;
        }
        const body = (await client.audit(n)) as unknown;
        const listed = body as { rows?: unknown[]; entries?: unknown[] } | undefined;
        const rows = (Array.isArray(body) ? body : (listed?.rows ?? listed?.entries ?? [])) as Array<
          Record<string, unknown>
        >;
        if (!rows.length) write(kleur.dim("  (no audit rows yet)"));
        for (const r of rows) {
          const st = String(r.status ?? "");
          const col = ["executed", "success", "succeeded", "confirmed", "completed"].includes(st)
            ? kleur.green
            : st === "rejected" || st === "error" || st === "failed"
              ? kleur.red
              : kleur.yellow;
          const when = String(r.ts ?? "")
            .replace("T", " ")
            .replace(/\.\d+Z$/, "Z");
          const reason = r.reason ? kleur.dim(` ${String(r.reason)}`) : "";
          const code = r.error_code ? kleur.dim(` ${String(r.error_code)}`) : "";
          const ms = kleur.dim(`${typeof r.duration_ms === "number" ? Math.round(r.duration_ms) : "?"} ms`);
          write(
            `  ${kleur.dim(when)} ${String(r.user_id ?? "")} ${kleur.bold(String(r.tool ?? ""))} ${col(st)}${reason}${code} ${ms}`,
          );
        }
        return;
      }
    }
  }

  async function handle(line: string): Promise<void> {
    const input = parseInput(line);
    if (input.kind === "empty") return;
    if (input.kind === "error") {
      write(kleur.red(`  ${input.message}`));
      return;
    }
    running = new AbortController();
    try {
      if (input.kind === "message") {
        const t0 = performance.now();
        const turn = await client.turn(input.text, { signal: running.signal });
        lastTurn = { message: input.text, turn };
        await showTurn(turn, t0);
      } else {
        await runCommand(input.name, input.rest, input.args);
      }
    } catch (err) {
      if ((err as Error)?.name === "AbortError") write(kleur.yellow("  cancelled"));
      else if (err instanceof KernelHttpError) write(kleur.red(`  ✗ ${err.code}: ${err.message}`));
      else write(kleur.red(`  ✗ ${(err as Error)?.message ?? String(err)}`));
    } finally {
      running = null;
      runningCallIds.clear();
    }
  }

  async function pump(): Promise<void> {
    if (busy) return;
    busy = true;
    while (queue.length && !closed) await handle(queue.shift()!);
    busy = false;
    prompt();
  }

  rl.on("line", (line) => {
    if (answer) return answer(line);
    if (opts.historyFile && line.trim()) {
      try {
        mkdirSync(path.dirname(opts.historyFile), { recursive: true });
        appendFileSync(opts.historyFile, line.replace(/\n/g, " ") + "\n", { mode: 0o600 });
      } catch {
        /* history is a convenience */
      }
    }
    queue.push(line);
    void pump();
  });
  rl.on("SIGINT", () => {
    const now = Date.now();
    if (answer) {
      answer("n");
      return;
    }
    if (running) {
      for (const id of runningCallIds) void client.request("POST", `/v1/calls/${id}/cancel`).catch(() => undefined);
      running.abort();
      lastSigint = now;
      return;
    }
    if (rl.line) {
      // like a shell: Ctrl-C drops the typed line
      (rl as unknown as { line: string }).line = "";
      write("^C");
      prompt();
      return;
    }
    if (now - lastSigint < 2000) return exit();
    lastSigint = now;
    print(kleur.dim("(press Ctrl-C again to exit, or type /quit)"));
  });
  rl.on("close", () => exit());

  // Async events (notifications, promoted results, skeleton refreshes, rebuilds) print between turns.
  void (async () => {
    for (let attempt = 0; !closed && attempt < 10_000; attempt++) {
      const ac = events;
      try {
        await client.events((ev) => {
          // call_started comes for every call as it starts, so Ctrl-C can cancel calls that never report progress.
          if (ev.type === "call_started" || ev.type === "progress") {
            const id = ((ev.data as { data?: { call_id?: number } })?.data ?? {}).call_id;
            if (running && typeof id === "number") runningCallIds.add(id);
          }
          const e = toReplEvent(ev.type, ev.data);
          if (e?.kind === "build_check") setFlag(e.typeErrors + e.validationErrors);
          if (e?.kind === "build_ok") void loadNames();
          const text = e ? renderReplEvent(e) : undefined;
          if (text) print(text);
        }, ac.signal);
      } catch {
        /* kernel restarting or no event stream: retry below */
      }
      if (closed) return;
      if (ac.signal.aborted) events = new AbortController();
      else await new Promise((r) => setTimeout(r, 500).unref());
    }
  })();

  write(kleur.dim(`Type a message to chat with your extension as ${client.user ?? "dev"}; /help for commands.`));
  prompt();
  return { print, close: exit };
}
