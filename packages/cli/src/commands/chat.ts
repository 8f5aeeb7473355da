import type { Command } from "commander";
import kleur from "kleur";
import type { RunState } from "../program.js";
import { CliError, EXIT } from "../exit-codes.js";
import { printEnvelope } from "../output.js";
import { KernelHttpError, KernelUnreachable, type TurnObject } from "../chat/client.js";
import { clientFor, resolveChatTarget, NO_KERNEL } from "../chat/run.js";
import { confirmationQuestion, renderTurn } from "../dev/repl/render.js";

interface ChatFlags {
  dir?: string;
  url?: string;
  token?: string;
  user?: string;
  accept?: string;
  cancel?: string;
}

/** Exit code for a turn: 1 when rejected, else 0. */
export function turnExitCode(turn: TurnObject): number {
  return turn.outcome === "rejected" ? EXIT.FINDINGS : EXIT.OK;
}

/** Register `imperal chat "<message>"`: one turn against the running dev kernel. */
export function registerChat(program: Command, state: RunState): void {
  program
    .command("chat")
    .description("send one chat turn to the running `imperal dev` kernel and print the reply")
    .argument("[message]", "what the user says")
    .option("--dir <dir>", "where to look for .imperal/dev.json (default: the current directory, walking up)")
    .option("--url <url>", "kernel URL (overrides the discovery file)")
    .option("--token <token>", "bearer token for --url (default: IMPERAL_DEV_TOKEN or the discovery file)")
    .option("--user <id>", "acting user (default: the kernel's first user)")
    .option("--accept <confirmation-id>", "accept a pending confirmation instead of sending a message")
    .option("--cancel <confirmation-id>", "cancel a pending confirmation")
    .addHelpText("after", '\nExit codes: 0 replied, 1 the turn was rejected, 2 usage, 3 no kernel running.\nExample: imperal chat "create a note called Groceries" --user alice')
    .action(async (message: string | undefined, flags: ChatFlags) => {
      const modes = [message !== undefined && message.trim() !== "", !!flags.accept, !!flags.cancel].filter(Boolean).length;
      if (modes !== 1) {
        throw new CliError(modes === 0 ? "missing message" : "give either a message, --accept or --cancel", EXIT.USAGE, "E_USAGE", 'imperal chat "list my notes"');
      }
      const target = resolveChatTarget({ dir: flags.dir, url: flags.url, token: flags.token });
      if ("error" in target) throw new CliError(target.error, target.code === NO_KERNEL ? EXIT.INTERNAL : EXIT.USAGE, target.code, target.fix);
      const client = clientFor(target, flags.user);
      let turn: TurnObject;
      const t0 = performance.now();
      try {
        if (flags.accept) turn = await client.accept(flags.accept);
        else if (flags.cancel) turn = await client.cancel(flags.cancel);
        else turn = await client.turn(message!);
      } catch (e) {
        if (e instanceof KernelUnreachable) throw new CliError(e.message, EXIT.INTERNAL, NO_KERNEL, "start the kernel: imperal dev --no-repl (in the extension directory)");
        if (e instanceof KernelHttpError) {
          const fix = e.status === 401 ? "the token changed: the dev server was restarted; rerun without --token/--url" : e.status === 403 ? "use --user with the user who owns the confirmation" : "see `imperal chat --help`";
          throw new CliError(`kernel answered HTTP ${e.status}: ${e.message}`, e.status >= 500 ? EXIT.INTERNAL : EXIT.FINDINGS, e.code, fix);
        }
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
      if (turn.outcome === "needs_confirmation" && turn.confirmation?.id) {
        const user = flags.user ? ` --user ${flags.user}` : "";
        process.stdout.write(`  ${kleur.yellow(confirmationQuestion(turn))}\n  ${kleur.dim(`confirm: imperal chat --accept ${turn.confirmation.id}${user}   cancel: imperal chat --cancel ${turn.confirmation.id}${user}`)}\n`);
      }
    });
}
