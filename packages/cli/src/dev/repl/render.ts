import kleur from "kleur";
import type { TurnObject } from "../../chat/client.js";
import { toReplEvent, type ReplEvent } from "./events.js";
import { shortJson } from "./short-json.js";
export { renderUiTree } from "./ui-tree.js";

export { shortJson };

function fmtMs(ms: number): string {
  return ms < 1000 ? `${Math.round(ms)} ms` : `${(ms / 1000).toFixed(2)} s`;
}

/** The authorization decision shown for a turn: explicit kernel fields when present, else derived from the outcome. */
export function authzLine(turn: TurnObject): string {
  const explicit = (turn.authorization ?? turn.authz) as { decision?: string; reason?: string } | string | undefined;
  if (typeof explicit === "string") return explicit;
  if (explicit && typeof explicit === "object" && explicit.decision)
    return `${explicit.decision}${explicit.reason ? ` (${explicit.reason})` : ""}`;
  switch (turn.outcome) {
    case "completed":
    case "promoted":
    case "failed": // authorized; the handler itself failed (the code line says how)
      return "allowed";
    case "needs_confirmation":
      return "needs confirmation";
    case "rejected": {
      const code = rejectionCode(turn);
      return `denied${code ? ` ${code}` : ""}`;
    }
    default:
      return "n/a";
  }
}

/** Codes of the kernel's guards (placeholder, fabricated id, schema, chain references): the arguments, not the user. */
export function isGuardCode(code: string | undefined): boolean {
  return (
    !!code &&
    (code.startsWith("VALIDATION_") ||
      code.startsWith("CHAIN_REF_") ||
      ["PLACEHOLDER_ARG", "FABRICATED_ID", "INVALID_ARGS", "UNRESOLVED_REFERENCE"].includes(code))
  );
}

/** Codes of the authorization gate (scopes, tenant, acting user). */
export function isAuthzCode(code: string | undefined): boolean {
  return !!code && ["FORBIDDEN_SCOPE", "TENANT_MISMATCH", "UNKNOWN_USER", "WRONG_USER"].includes(code);
}

/** The gate line of a rejected turn: `guard` for the guards, `authz` for authorization, else `rejected`. */
export function gateLabel(turn: TurnObject): "guard" | "authz" | "rejected" {
  const code = rejectionCode(turn);
  return isGuardCode(code) ? "guard" : isAuthzCode(code) ? "authz" : "rejected";
}

/**
 * The kernel's validation feedback for a rejected call, one `field: problem` line each (the prose the classifier
 * gets back, e.g. `- title: required field is missing (expected a string).`).
 */
export function feedbackLines(turn: TurnObject): string[] {
  const fb =
    turn.feedback ?? (turn.calls as Array<{ feedback?: unknown }> | undefined)?.find((c) => c?.feedback)?.feedback;
  const issues = (fb as { issues?: Array<{ path?: unknown[]; message?: string }> } | undefined)?.issues;
  if (Array.isArray(issues) && issues.length)
    return issues.map((i) => `${(i.path ?? []).join(".") || "(args)"}: ${i.message ?? "invalid"}`);
  const text =
    typeof fb === "string"
      ? fb
      : typeof (fb as { feedback?: unknown })?.feedback === "string"
        ? String((fb as { feedback: string }).feedback)
        : "";
  return text
    .split("\n")
    .filter((l) => l.startsWith("- "))
    .map((l) =>
      l
        .slice(2)
        .trim()
        .replace(/^`([^`]+)`:/, "$1:"),
    );
}

/** The stable code of a rejected or failed turn wherever the kernel put it. */
export function rejectionCode(turn: TurnObject): string | undefined {
  if (typeof turn.code === "string") return turn.code;
  const rej = (turn.rejection ?? turn.error) as { code?: string } | undefined;
  if (rej && typeof rej === "object" && typeof rej.code === "string") return rej.code;
  const r = turn.results?.find((x) => x && (x.status === "error" || x.ok === false));
  const c = r?.error_code ?? r?.code;
  return typeof c === "string" ? c : undefined;
}

/** Lines describing how the turn was understood: intent, tool + args per plan step, confidence. */
export function renderClassification(turn: TurnObject): string[] {
  const c = turn.classification;
  if (!c) return [];
  const conf = typeof c.confidence === "number" ? kleur.dim(`  confidence ${c.confidence.toFixed(2)}`) : "";
  const plan = Array.isArray(c.plan) ? c.plan : [];
  if (plan.length === 0) return [`  ${kleur.cyan("→")} ${kleur.bold(c.intent ?? "chat")}${conf}`];
  return plan.map((step, i) => {
    const n = plan.length > 1 ? kleur.dim(`${i + 1}. `) : "";
    return `  ${kleur.cyan("→")} ${n}${kleur.bold(step.tool)} ${kleur.dim(shortJson(step.args))}${i === 0 ? conf : ""}`;
  });
}

/** The calls a confirmation would run, one per line. */
export function renderConfirmationCalls(turn: TurnObject): string[] {
  const calls = turn.confirmation?.calls ?? [];
  return calls.map((c) => `    ${kleur.yellow("•")} ${kleur.bold(c.tool)} ${kleur.dim(shortJson(c.args))}`);
}

/** One line per ActionResult in `results[]`. */
export function renderResults(turn: TurnObject): string[] {
  const out: string[] = [];
  for (const r of turn.results ?? []) {
    if (!r || typeof r !== "object") continue;
    const ok = r.status === "success" || r.ok === true;
    const summary = (r.summary as string) || (r.error as string) || (r.message as string) || "";
    const tool = typeof r.tool === "string" ? kleur.dim(`${r.tool}: `) : "";
    const code = !ok && typeof r.error_code === "string" ? kleur.dim(` [${r.error_code}]`) : "";
    out.push(`  ${ok ? kleur.green("✓") : kleur.red("✗")} ${tool}${summary}${code}`);
  }
  return out;
}

/** Full rendering of a turn (everything but the confirmation question, which the REPL asks interactively). */
export function renderTurn(turn: TurnObject, durationMs?: number): string[] {
  const lines = [...renderClassification(turn)];
  const outcome = turn.outcome ?? "unknown";
  const authz = authzLine(turn);
  const unsuccessful = outcome === "rejected" || outcome === "failed";
  const colour = outcome === "rejected" ? kleur.red : outcome === "needs_confirmation" ? kleur.yellow : kleur.green;
  if (outcome === "rejected" && gateLabel(turn) !== "authz") {
    // a guard (or another gate) stopped it, not authorization: say which, and what the arguments lacked
    const code = rejectionCode(turn);
    lines.push(`  ${kleur.dim(gateLabel(turn))} ${colour(`rejected${code ? ` ${code}` : ""}`)}`);
    for (const f of feedbackLines(turn)) lines.push(`    ${kleur.yellow("•")} ${f}`);
  } else if (outcome !== "chat" && outcome !== "clarify") lines.push(`  ${kleur.dim("authz")} ${colour(authz)}`);
  if (outcome === "needs_confirmation") {
    lines.push(...renderConfirmationCalls(turn));
    return lines;
  }
  const results = renderResults(turn);
  lines.push(...results);
  const reply = (turn.reply ?? "").trim();
  const dur = durationMs !== undefined ? kleur.dim(`  (${fmtMs(durationMs)})`) : "";
  const sums = (turn.results ?? [])
    .map((r) => String((r as { summary?: unknown })?.summary ?? "").trim())
    .filter(Boolean);
  const replyIsSummaries =
    sums.length > 0 && [sums.join(" "), sums.join("\n"), sums.join(" · "), sums.join("; ")].includes(reply);
  if (reply && !replyIsSummaries && !(results.length === 1 && results[0]!.includes(reply))) {
    const who = unsuccessful ? kleur.red("✗ ") : "";
    lines.push(`  ${who}${reply}${dur}`);
  } else if (dur && results.length) {
    lines[lines.length - 1] += dur; // the summary already says it: put the duration on its line
  } else if (dur) {
    lines.push(`  ${kleur.dim(outcome)}${dur}`);
  }
  if (unsuccessful) {
    const code = rejectionCode(turn);
    if (code && !reply.includes(code)) lines.push(`  ${kleur.dim(`code ${code}`)}`);
  }
  return lines;
}

/** The y/n question for a confirmation; `labelOf` names a call's target (the note's title for its note_id). */
export function confirmationQuestion(turn: TurnObject, labelOf?: (args: unknown) => string | undefined): string {
  if (typeof turn.confirmation?.question === "string") return turn.confirmation.question;
  const calls = turn.confirmation?.calls ?? [];
  if (calls.length === 1) {
    const label = labelOf?.(calls[0]!.args);
    return `Confirm ${calls[0]!.tool}${label ? ` ${label}` : ""}?`;
  }
  const labels = calls.map((c) => labelOf?.(c.args)).filter(Boolean);
  return `Confirm these ${calls.length || "intercepted"} calls${labels.length ? ` (${labels.join(", ")})` : ""}?`;
}

const LABEL_KEYS = ["title", "name", "label", "subject"];

/**
 * A human label for the ids in a call's args, found in what the kernel already knows (fact-ledger entries,
 * skeleton snapshots): for `{ note_id: "n_1" }` the object with `note_id` (or `id`) "n_1" and its title —
 * `"Groceries" (note_id n_1)`. Undefined when no id in the args is found.
 */
export function targetLabel(args: unknown, sources: unknown[]): string | undefined {
  if (!args || typeof args !== "object") return undefined;
  const ids = Object.entries(args as Record<string, unknown>).filter(
    ([k, v]) => (k === "id" || k.endsWith("_id")) && (typeof v === "string" || typeof v === "number"),
  );
  const found: string[] = [];
  for (const [key, value] of ids) {
    const label = findLabel(sources, key, value, 0);
    if (label) found.push(`${JSON.stringify(label)} (${key} ${String(value)})`);
  }
  return found.length ? found.join(", ") : undefined;
}

function findLabel(node: unknown, key: string, value: unknown, depth: number): string | undefined {
  if (!node || typeof node !== "object" || depth > 8) return undefined;
  if (Array.isArray(node)) {
    for (const n of node) {
      const l = findLabel(n, key, value, depth + 1);
      if (l) return l;
    }
    return undefined;
  }
  const o = node as Record<string, unknown>;
  if (o[key] === value || o.id === value) {
    const k = LABEL_KEYS.find((x) => typeof o[x] === "string" && o[x]);
    if (k) return String(o[k]);
  }
  for (const v of Object.values(o)) {
    const l = findLabel(v, key, value, depth + 1);
    if (l) return l;
  }
  return undefined;
}

/** Render one async event for display between turns; undefined hides it. */
export function renderEvent(type: string, data: unknown): string | undefined {
  const e = toReplEvent(type, data);
  return e ? renderReplEvent(e) : undefined;
}

/** The line(s) the REPL prints for an event; undefined hides it. */
export function renderReplEvent(e: ReplEvent): string | undefined {
  switch (e.kind) {
    case "build_start":
      return kleur.dim(`↻ rebuilding${e.files.length ? ` (${e.files.slice(0, 3).join(", ")})` : ""}…`);
    case "build_ok":
      return `${kleur.green("✓")} reloaded ${kleur.dim(`build ${e.buildMs ?? "?"} ms + swap ${e.reloadMs ?? "?"} ms`)}`;
    case "build_error": {
      const lines = [`${kleur.red("✗ build failed")} ${e.text ?? `${e.code ? e.code + ": " : ""}${e.message ?? ""}`}`];
      if (e.lineText) lines.push(kleur.dim(`    ${e.lineText.trim()}`));
      if (e.fix && !e.text) lines.push(kleur.dim(`  fix: ${e.fix}`));
      lines.push(kleur.dim("  the last good build keeps serving"));
      return lines.join("\n");
    }
    case "notification":
      return `${kleur.magenta("🔔")} ${e.text}`;
    case "result":
      return `${e.ok ? kleur.green("⇢ done:") : kleur.red("⇢ failed:")} ${e.tool ? kleur.bold(e.tool) + ": " : ""}${e.text}`;
    case "progress": {
      const percent = e.percent !== undefined ? `${Math.round(e.percent)}%` : "";
      return kleur.dim(`… ${e.tool ? e.tool + " " : ""}${percent}${e.message ? " " + e.message : ""}`);
    }
    case "skeleton_refresh": {
      if (e.failed) {
        const failed = kleur.red(
          `· skeleton ${e.section} refresh failed: ${e.code ? e.code + ": " : ""}${e.message ?? ""}`,
        );
        return failed + kleur.dim(" (the last good snapshot is kept)");
      }
      if (e.changed === false) return undefined; // an unchanged snapshot tells the author nothing (and follows every reload)
      return kleur.dim(`· skeleton ${e.section} refreshed${e.changed ? " (changed)" : ""}`);
    }
    case "skeleton_alert":
      return `${kleur.yellow("!")} ${e.text}`;
    case "reload":
      return undefined; // the dev loop prints its own build_ok line
    case "build_check":
      return renderChecks(e);
    default: {
      const never: never = e;
      return never;
    }
  }
}

/** The flag for a serving build with type or validator errors (or a one-line all-clear). */
export function renderChecks(e: Extract<ReplEvent, { kind: "build_check" }>): string {
  const skipped = e.skipped.map((x) => kleur.dim(`  (${x})`));
  if (!e.typeErrors && !e.validationErrors && !e.validationWarnings)
    return [kleur.dim("· checked: no type errors, no validator findings"), ...skipped].join("\n");
  const parts = [
    e.typeErrors ? kleur.red(`${e.typeErrors} type error(s)`) : "",
    e.validationErrors ? kleur.red(`${e.validationErrors} validator error(s)`) : "",
    e.validationWarnings ? kleur.yellow(`${e.validationWarnings} validator warning(s)`) : "",
  ].filter(Boolean);
  const head =
    e.typeErrors || e.validationErrors
      ? `${kleur.red("⚠ the serving build has")} ${parts.join(", ")} ${kleur.dim("(it still serves in dev; `imperal build` would fail)")}`
      : `${kleur.yellow("⚠")} ${parts.join(", ")}`;
  return [head, ...e.first.map((l) => `    ${l}`), ...skipped].join("\n");
}
