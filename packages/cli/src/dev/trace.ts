import kleur from "kleur";
import type { KernelEvent } from "@imperal/local-kernel";

// What the `imperal dev` terminal prints from the kernel's own event stream (in-process, every user and client):
// one request line per finished call, `ctx.log` lines, and the source-mapped stack of a handler that threw.

/** A finished call as one request line: `→ create_note dev executed 12 ms`. */
export interface TraceLine {
  kind: "request" | "log" | "handler_error";
  text: string;
  /** The same as JSON (`imperal --json dev` prints it as an NDJSON event). */
  json: Record<string, unknown>;
}

const OK = new Set(["executed", "confirmed", "promoted"]);

/** The terminal line(s) for one kernel event; undefined for events the terminal does not trace. */
export function traceLine(e: KernelEvent): TraceLine | undefined {
  const user = e.userId ?? "-";
  switch (e.type) {
    case "call_finished": {
      const d = e.data;
      // skeleton refreshes run on their own timer (the REPL shows the ones that changed a snapshot): not requests
      if (d.source === "skeleton") return undefined;
      const col = OK.has(d.status) ? kleur.green : d.status === "intercepted" ? kleur.yellow : kleur.red;
      const code = d.code ? kleur.dim(` ${d.code}`) : "";
      const src = d.source && d.source !== "turn" && d.source !== "call" ? kleur.dim(` (${d.source})`) : "";
      return {
        kind: "request",
        text: `${kleur.dim("→")} ${kleur.bold(d.tool)} ${kleur.dim("user")} ${user} ${col(d.status)}${code} ${kleur.dim(`${d.duration_ms} ms`)}${src}`,
        json: { tool: d.tool, user, outcome: d.status, ms: d.duration_ms, code: d.code, source: d.source },
      };
    }
    case "log": {
      const d = e.data;
      const col = d.level === "error" ? kleur.red : d.level === "warn" ? kleur.yellow : kleur.dim;
      return {
        kind: "log",
        text: `${col(`log ${d.level}`)} ${kleur.bold(d.tool)} ${kleur.dim(user)}: ${d.message}`,
        json: { level: d.level, tool: d.tool, user, message: d.message },
      };
    }
    case "handler_error": {
      const d = e.data;
      const stack = d.stack
        .split("\n")
        .filter((l, i) => i === 0 || !/node:internal|\/node_modules\//.test(l))
        .slice(0, 12)
        .map((l) => `    ${l.trim().startsWith("at ") ? kleur.dim(l.trim()) : l.trim()}`);
      return {
        kind: "handler_error",
        text: [
          `${kleur.red("✗ handler threw")} ${kleur.bold(d.tool)} ${kleur.dim(`user ${d.user} ${d.code}`)}${d.frame ? ` at ${kleur.bold(d.frame)}` : ""}`,
          ...stack,
          kleur.dim("  (the user sees only a plain apology; the stack stays here, in /v1/health and the event stream)"),
        ].join("\n"),
        json: { ...d },
      };
    }
    default:
      return undefined;
  }
}
