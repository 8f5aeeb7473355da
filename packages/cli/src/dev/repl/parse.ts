import { SAVE_EVAL_COMMAND } from "./save-eval.js";

/** A parsed REPL input line. */
export type ReplInput =
  | { kind: "empty" }
  | { kind: "message"; text: string }
  | { kind: "command"; name: string; rest: string; args: string[] }
  | { kind: "error"; message: string };

/** Every slash command the REPL knows, with its usage line (shown by /help). */
export const COMMANDS: Array<{ name: string; usage: string; help: string }> = [
  {
    name: "call",
    usage: "/call <tool> [json]",
    help: "call a tool directly with JSON args (guards, authz, confirmation and audit still apply)",
  },
  { name: "tools", usage: "/tools", help: "list the callable surface" },
  {
    name: "skeleton",
    usage: "/skeleton [refresh <section>]",
    help: "show skeleton snapshots exactly as the classifier sees them",
  },
  { name: "panel", usage: "/panel <id> [json]", help: "render a panel with optional props" },
  { name: "audit", usage: "/audit [n]", help: "show the last n audit rows (default 10)" },
  { name: "schedules", usage: "/schedules", help: "list the schedules: cron, next run, last status" },
  {
    name: "schedule",
    usage: "/schedule run <name>",
    help: "run a schedule now (same path and audit as a cron fire)",
  },
  { name: "last", usage: "/last", help: "print the full JSON of the last result" },
  { name: "user", usage: "/user [id]", help: "switch the acting user (no id: show it)" },
  { name: "reload", usage: "/reload", help: "rebuild and hot-swap now" },
  SAVE_EVAL_COMMAND,
  { name: "help", usage: "/help", help: "this list" },
  { name: "quit", usage: "/quit", help: "stop the dev server (also /exit, Ctrl-C twice)" },
];

const ALIASES: Record<string, string> = { exit: "quit", q: "quit", h: "help", "?": "help" };

/** Parse one line typed at `you ›`: a chat message, or a slash command with its raw remainder. */
export function parseInput(line: string): ReplInput {
  const text = line.trim();
  if (!text) return { kind: "empty" };
  if (!text.startsWith("/")) return { kind: "message", text };
  const m = /^\/(\S+)\s*([\s\S]*)$/.exec(text)!;
  const raw = m[1]!.toLowerCase();
  const name = ALIASES[raw] ?? raw;
  if (!COMMANDS.some((c) => c.name === name)) return { kind: "error", message: `unknown command /${raw} (try /help)` };
  const rest = m[2]!.trim();
  return { kind: "command", name, rest, args: rest ? rest.split(/\s+/) : [] };
}

/** Split `<tool> <json>` (the json may contain spaces) and parse the JSON; `{}` when absent. */
export function parseToolAndJson(rest: string): { tool: string; json: Record<string, unknown> } | { error: string } {
  const m = /^(\S+)\s*([\s\S]*)$/.exec(rest.trim());
  if (!m) return { error: "missing tool name" };
  const tool = m[1]!;
  const raw = m[2]!.trim();
  if (!raw) return { tool, json: {} };
  try {
    const v = JSON.parse(raw) as unknown;
    if (!v || typeof v !== "object" || Array.isArray(v))
      return { error: 'the arguments must be a JSON object, e.g. {"title":"x"}' };
    return { tool, json: v as Record<string, unknown> };
  } catch (e) {
    return { error: `invalid JSON: ${(e as Error).message}` };
  }
}

/** Interpret a y/n answer; undefined when it is neither. */
export function parseYesNo(line: string): boolean | undefined {
  const t = line.trim().toLowerCase();
  if (["y", "yes", "ok", "confirm", "j", "ja"].includes(t)) return true;
  if (["n", "no", "cancel", "nein", ""].includes(t)) return t === "" ? undefined : false;
  return undefined;
}

/**
 * Tab completion at `you ›`: slash command names, then tool names after `/call`, panel ids after `/panel` and
 * schedule names after `/schedule run`. Returns readline's `[candidates, the text they complete]`.
 */
export function complete(
  line: string,
  tools: readonly string[],
  panels: readonly string[],
  schedules: readonly string[] = [],
): [string[], string] {
  if (!line.startsWith("/")) return [[], line];
  const run = /^\/schedule\s+run\s+(\S*)$/.exec(line);
  if (run) return [schedules.filter((s) => s.startsWith(run[1]!)).sort(), run[1]!];
  const m = /^\/(\S*)(\s+)?(\S*)$/.exec(line);
  if (!m) return [[], line];
  if (m[2] === undefined) {
    const names = [...COMMANDS.map((c) => c.name), "exit"].map((n) => `/${n}`);
    return [names.filter((n) => n.startsWith(line)).sort(), line];
  }
  const name = ALIASES[m[1]!] ?? m[1]!;
  const pool = name === "call" ? tools : name === "panel" ? panels : name === "schedule" ? ["run"] : [];
  const word = m[3]!;
  return [pool.filter((t) => t.startsWith(word)).sort(), word];
}
