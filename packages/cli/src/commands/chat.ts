import kleur from "kleur";
import { CliError, EXIT, relayed } from "../errors.js";
import { printEnvelope } from "../output.js";
import { KernelHttpError, KernelUnreachable, type TurnObject } from "../chat/client.js";
import { clientFor, handlerStackLines, resolveChatTarget, NO_KERNEL } from "../chat/run.js";
import { confirmationQuestion, renderTurn } from "../dev/repl/render.js";
import { defineCommand } from "./define.js";

interface ChatFlags {
  dir?: string;
  url?: string;
  token?: string;
  user?: string;
  accept?: string;
  cancel?: string;
}

/** Exit code for a turn: 1 when rejected or failed (a handler threw, died, timed out; SPEC 9), else 0. */
export function turnExitCode(turn: TurnObject): number {
  return turn.outcome === "rejected" || turn.outcome === "failed" ? EXIT.FINDINGS : EXIT.OK;
}

const HELP_AFTER = [
  "",
  "Exit codes: 0 replied, 1 the turn was rejected or a handler failed, 2 usage, 3 no kernel running.",
  'Example: imperal chat "create a note called Groceries" --user alice',
].join("\n");

/** `imperal chat "<message>"`: one turn against the running dev kernel. */
export const chatCommand = defineCommand<{ message: string | undefined }, ChatFlags>({
  name: "chat",
  description: "send one chat turn to the running `imperal dev` kernel and print the reply",
  args: [{ name: "message", description: "what the user says" }],
  options: [
    {
      flags: "--dir <dir>",
      description: "where to look for .imperal/dev.json (default: the current directory, walking up)",
    },
    { flags: "--url <url>", description: "kernel URL (overrides the discovery file)" },
    {
      flags: "--token <token>",
      description: "bearer token for --url (default: IMPERAL_DEV_TOKEN or the discovery file)",
    },
    { flags: "--user <id>", description: "acting user (default: the kernel's first user)" },
    { flags: "--accept <confirmation-id>", description: "accept a pending confirmation instead of sending a message" },
    { flags: "--cancel <confirmation-id>", description: "cancel a pending confirmation" },
  ],
  helpAfter: HELP_AFTER,
  async handler({ message }, flags, { state }) {
    const modes = [message !== undefined && message.trim() !== "", !!flags.accept, !!flags.cancel].filter(
      Boolean,
    ).length;
    if (modes !== 1) {
      const problem = modes === 0 ? "missing message" : "give either a message, --accept or --cancel";
      throw new CliError("E_USAGE", problem, 'imperal chat "list my notes"');
    }
    const target = resolveChatTarget({ dir: flags.dir, url: flags.url, token: flags.token });
    if ("error" in target)
      throw new CliError(target.code, target.error, target.fix, target.code === NO_KERNEL ? EXIT.INTERNAL : EXIT.USAGE);
    const client = clientFor(target, flags.user);
    let turn: TurnObject;
    const t0 = performance.now();
    const startedAt = new Date();
    try {
      if (flags.accept) turn = await client.accept(flags.accept);
      else if (flags.cancel) turn = await client.cancel(flags.cancel);
      else turn = await client.turn(message!);
    } catch (e) {
      if (e instanceof KernelUnreachable) {
        throw new CliError(
          NO_KERNEL,
          e.message,
          "start the kernel: imperal dev --no-repl (in the extension directory)",
          EXIT.INTERNAL,
        );
      }
      if (e instanceof KernelHttpError) throw kernelHttpError(e);
      throw e;
    }
    const ms = performance.now() - t0;
    if (flags.cancel && !turn.outcome) {
      // the kernel answers { id, status: "cancelled" }: nothing ran
      if (state.output.json) printEnvelope("chat", true, turn as Record<string, unknown>);
      else process.stdout.write(`cancelled ${flags.cancel}: nothing ran\n`);
      return;
    }
    const code = turnExitCode(turn);
    state.exitCode = code;
    if (state.output.json) {
      printEnvelope("chat", code === 0, turn as Record<string, unknown>);
      return;
    }
    // In a terminal show how the turn was understood; in a pipe print just the reply.
    if (process.stdout.isTTY || state.output.verbose) process.stdout.write(renderTurn(turn, ms).join("\n") + "\n");
    else process.stdout.write((turn.reply ?? "").trim() + "\n");
    if (state.output.verbose) {
      const stack = await handlerStackLines(client, turn, startedAt);
      if (stack.length) process.stdout.write(stack.join("\n") + "\n");
    }
    if (turn.outcome === "needs_confirmation" && turn.confirmation?.id) {
      const id = turn.confirmation.id;
      const user = flags.user ? ` --user ${flags.user}` : "";
      const how = `confirm: imperal chat --accept ${id}${user}   cancel: imperal chat --cancel ${id}${user}`;
      process.stdout.write(`  ${kleur.yellow(confirmationQuestion(turn))}\n  ${kleur.dim(how)}\n`);
    }
  },
});

/** The kernel refused the request itself (not the turn): keep its code, say what usually fixes that status. */
function kernelHttpError(e: KernelHttpError): CliError {
  const fix =
    e.status === 401
      ? "the token changed: the dev server was restarted; rerun without --token/--url"
      : e.status === 403
        ? "use --user with the user who owns the confirmation"
        : "see `imperal chat --help`";
  return new CliError(
    relayed(e.code),
    `kernel answered HTTP ${e.status}: ${e.message}`,
    fix,
    e.status >= 500 ? EXIT.INTERNAL : EXIT.FINDINGS,
  );
}
