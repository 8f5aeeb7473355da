#!/usr/bin/env node
// `pnpm demo` (= `pnpm run build && node scripts/demo.mjs`): the main job of imperal-ts, end to end and offline.
// Scaffolds the notes template into a temp dir, validates and builds it with the `imperal` binary, starts the local
// kernel with `imperal dev --no-repl`, plays a short scripted chat with `imperal chat`, prints the transcript, stops.
// Nothing here talks to anything but 127.0.0.1. Exit code 0 only when every step did what it should.
import { spawn } from "node:child_process";
import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readFileSync,
  realpathSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from "node:fs";
import { createRequire } from "node:module";
import os from "node:os";
import path from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

const repo = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const cliDir = path.join(repo, "packages", "cli");
const BIN = path.join(cliDir, "bin", "imperal.mjs");
const keep = process.argv.includes("--keep");

for (const pkg of ["sdk", "validators", "local-kernel", "cli"]) {
  if (!existsSync(path.join(repo, "packages", pkg, "dist"))) {
    console.error(
      `demo: packages/${pkg} is not built. Run \`npx -y pnpm@10 demo\` (it builds first) or \`npx -y pnpm@10 build\`.`,
    );
    process.exit(2);
  }
}

// The CLI's own renderer, so the transcript looks exactly like the `imperal dev` REPL.
const render = await import(pathToFileURL(path.join(cliDir, "dist", "dev", "repl", "render.js")).href);
const { KernelClient } = await import(pathToFileURL(path.join(cliDir, "dist", "chat", "client.js")).href);
const kleur = createRequire(path.join(cliDir, "package.json"))("kleur");

const work = mkdtempSync(path.join(os.tmpdir(), "imperal-demo-"));
const extDir = path.join(work, "my-notes");
const transcript = [];
let dev;
let client;
let failed = 0;

const out = (s = "") => process.stdout.write(s + "\n");
const step = (s) => out(`\n${kleur.bold().blue("▸")} ${kleur.bold(s)}`);
const cmdLine = (args) => out(kleur.dim(`  $ imperal ${args.join(" ")}`));
const problem = (s) => {
  failed++;
  out(kleur.red(`  ✗ ${s}`));
};

/** Run the imperal binary to completion. */
function imperal(args, opts = {}) {
  if (!opts.quiet) cmdLine(args.map((a) => (/\s/.test(a) ? JSON.stringify(a) : a)));
  return new Promise((resolve) => {
    const p = spawn(process.execPath, [BIN, ...args], {
      cwd: opts.cwd ?? work,
      env: { ...process.env, ...(opts.env ?? {}) },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let stdout = "";
    let stderr = "";
    p.stdout.on("data", (d) => (stdout += d));
    p.stderr.on("data", (d) => (stderr += d));
    p.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}

/** An offline stand-in for `npm install` in the scaffold: link the checkout's packages (what `--local` points at). */
function linkDependencies(dir) {
  const nm = path.join(dir, "node_modules");
  mkdirSync(path.join(nm, "@imperal"), { recursive: true });
  for (const name of ["sdk", "cli"])
    if (!existsSync(path.join(nm, "@imperal", name)))
      symlinkSync(path.join(repo, "packages", name), path.join(nm, "@imperal", name), "dir");
  const zod = path.dirname(createRequire(path.join(cliDir, "package.json")).resolve("zod/package.json"));
  if (!existsSync(path.join(nm, "zod"))) symlinkSync(realpathSync(zod), path.join(nm, "zod"), "dir");
}

/** Start `imperal dev --no-repl --json` and wait for its ready line. */
function startDev() {
  const args = ["--json", "dev", extDir, "--no-repl", "--port", "0", "--reset-state"];
  cmdLine(["dev", "my-notes", "--no-repl", "--port", "0", "--reset-state"]);
  return new Promise((resolve, reject) => {
    dev = spawn(process.execPath, [BIN, ...args], {
      cwd: work,
      env: { ...process.env, NO_COLOR: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buf = "";
    let err = "";
    const timer = setTimeout(() => reject(new Error(`imperal dev did not become ready within 60 s\n${err}`)), 60_000);
    dev.stderr.on("data", (d) => (err += d));
    dev.stdout.on("data", (d) => {
      buf += d;
      let i;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        try {
          const ev = JSON.parse(line);
          if (ev.event === "ready") {
            clearTimeout(timer);
            resolve(ev);
          }
        } catch {
          /* not JSON */
        }
      }
    });
    dev.on("exit", (code) => {
      clearTimeout(timer);
      reject(new Error(`imperal dev exited with code ${code}\n${err}`));
    });
  });
}

/** One chat turn over the kernel's HTTP API (what the `imperal dev` REPL does), rendered like the REPL. */
async function say(message, expect) {
  out(`${kleur.bold().cyan("you ›")} ${message}`);
  transcript.push(`you › ${message}`);
  const t0 = performance.now();
  let turn;
  try {
    turn = await client.turn(message);
  } catch (e) {
    problem(`the turn failed: ${e.code ?? ""} ${e.message}`);
    return undefined;
  }
  for (const l of render.renderTurn(turn, performance.now() - t0)) out(l);
  for (const l of String(turn.reply ?? "").split("\n")) transcript.push(`     ${l}`.trimEnd());
  if (expect && !expect(turn)) problem(`unexpected outcome "${turn.outcome}" for: ${message}`);
  return turn;
}

/** Answer a confirmation (POST /v1/confirmations/{id}/accept|cancel). */
async function confirm(turn, answer) {
  out(`  ${kleur.yellow(render.confirmationQuestion(turn) + " (y/n)")} ${kleur.bold(answer ? "y" : "n")}`);
  transcript.push(`     ${render.confirmationQuestion(turn)} ${answer ? "y" : "n"}`);
  const t0 = performance.now();
  let next;
  try {
    next = answer ? await client.accept(turn.confirmation.id) : await client.cancel(turn.confirmation.id);
  } catch (e) {
    problem(`the confirmation failed: ${e.code ?? ""} ${e.message}`);
    return undefined;
  }
  for (const l of render.renderTurn(next, performance.now() - t0)) out(l);
  for (const l of String(next.reply ?? "").split("\n")) transcript.push(`     ${l}`.trimEnd());
  if (next.outcome !== "completed") problem(`the confirmed call did not complete (${next.outcome})`);
  return next;
}

async function main() {
  out(kleur.bold("imperal-ts demo") + kleur.dim(`  — everything below runs offline on 127.0.0.1 (work dir ${work})`));

  step("Scaffold an extension from the notes template");
  let r = await imperal(["init", "my-notes", "--template", "notes", "--local", repo, "--yes"]);
  if (r.code !== 0) throw new Error(`imperal init failed (exit ${r.code}):\n${r.stderr}${r.stdout}`);
  const initLines = r.stdout.trimEnd().split("\n");
  out(`  ${initLines[0]}`);
  out(
    kleur.dim(
      `    ${initLines
        .filter((l) => /^\s*wrote /.test(l))
        .map((l) => l.trim().replace(/^wrote /, ""))
        .join(", ")}`,
    ),
  );
  linkDependencies(extDir);
  out(kleur.dim("  (dependencies linked from this checkout instead of `npm install`, so the demo stays offline)"));

  step("Validate it (static rules V13–V31, never executes the code)");
  r = await imperal(["validate", "my-notes"]);
  out(
    (r.stdout.trim() || r.stderr.trim() || "(no output)")
      .split("\n")
      .map((l) => "  " + l)
      .join("\n"),
  );
  if (r.code !== 0) problem(`imperal validate exited ${r.code}`);

  step("Build it (esbuild bundle + imperal.json manifest v3)");
  r = await imperal(["build", "my-notes"]);
  out(
    (r.stdout.trim() || r.stderr.trim())
      .split("\n")
      .map((l) => "  " + l)
      .join("\n"),
  );
  if (r.code !== 0) throw new Error(`imperal build failed (exit ${r.code}):\n${r.stderr}`);

  step("Start the local kernel");
  const ready = await startDev();
  out(
    `  ${kleur.green("✓")} kernel on ${kleur.bold(ready.url)} ${kleur.dim(`(token in my-notes/.imperal/dev.json, users: ${ready.users.join(", ")})`)}`,
  );

  const disc = JSON.parse(readFileSync(path.join(extDir, ".imperal", "dev.json"), "utf8"));
  client = new KernelClient(disc.url, disc.token, ready.users[0] ?? "dev");

  step("Chat with it (embedded offline classifier, what the `you ›` REPL of `imperal dev` shows)");
  await say('create a note titled "Groceries" with body "milk, eggs, bread"', (t) => t.outcome === "completed");
  await say('create a note titled "Weekend plans"', (t) => t.outcome === "completed");
  const list = await say("list my notes", (t) => t.outcome === "completed");
  const total = list?.results?.[0]?.data?.total;
  if (list && total !== 2) problem(`expected 2 notes in the list, got ${total}`);

  step("The compressed skeleton the classifier sees");
  const headers = { authorization: `Bearer ${disc.token}`, "x-acting-user": ready.users[0] ?? "dev" };
  await fetch(`${disc.url}/v1/skeleton/notes/refresh`, { method: "POST", headers }).catch(() => undefined);
  const skel = await (await fetch(`${disc.url}/v1/skeleton`, { headers })).json();
  const block = ["rendered", "block", "classifier_block", "prompt", "compressed"]
    .map((k) => skel?.[k])
    .find((v) => typeof v === "string");
  if (block) {
    out(
      block
        .split("\n")
        .map((l) => "  " + kleur.dim("│ ") + l)
        .join("\n"),
    );
    transcript.push("[skeleton]", ...block.split("\n").map((l) => "  " + l));
  } else {
    problem("GET /v1/skeleton returned no rendered block");
    out(JSON.stringify(skel, null, 2));
  }

  step("Ask to delete one — destructive, so the kernel asks first");
  const del = await say('delete the note "Groceries"', (t) => t.outcome === "needs_confirmation");
  if (del?.outcome === "needs_confirmation") await confirm(del, true);
  const after = await say("list my notes", (t) => t.outcome === "completed");
  const left = after?.results?.[0]?.data?.total;
  if (after && left !== 1) problem(`expected 1 note after the delete, got ${left}`);

  step("Edit a handler while it runs: hot reload, no restart, state kept");
  const fnFile = path.join(extDir, "src", "functions.ts");
  const src = readFileSync(fnFile, "utf8");
  if (!src.includes('`Created note "${p.title}"`'))
    problem("the notes template changed: cannot find the create_note summary to edit");
  out(kleur.dim('  src/functions.ts: `Created note "${p.title}"` → `Saved note "${p.title}" ✎`'));
  const before = (await client.health()).dev?.rebuilt_at;
  const tEdit = performance.now();
  writeFileSync(fnFile, src.replace('`Created note "${p.title}"`', '`Saved note "${p.title}" ✎`'));
  // The front starts holding requests on the first fs event of the save; make sure that moment has passed
  // (an editor save and a chat message are never this close together, a script can be).
  for (const deadline = Date.now() + 3000; Date.now() < deadline;) {
    const h = await client.health();
    if (h.dev?.building || h.dev?.rebuilt_at !== before) break;
    await new Promise((r) => setTimeout(r, 5));
  }
  const hot = await say('create a note titled "Hot reload"', (t) => t.outcome === "completed");
  const hotSummary = String(hot?.results?.[0]?.summary ?? "");
  if (hot && !hotSummary.startsWith("Saved note")) problem(`the edit was not served: "${hotSummary}"`);
  else
    out(
      kleur.dim(
        `  (file saved → answered by the new build in ${Math.round(performance.now() - tEdit)} ms; the turn waited at the dev front while it rebuilt)`,
      ),
    );

  step("The same from a script or another terminal: `imperal chat`");
  const r1 = await imperal(["chat", "list my notes", "--dir", "my-notes"]);
  out(`  ${r1.stdout.trim()}`);
  if (r1.code === 0 && !/2 note/.test(r1.stdout))
    problem(`expected 2 notes after the hot-reload turn, got: ${r1.stdout.trim()}`);
  if (r1.code !== 0) problem(`imperal chat exited ${r1.code}: ${r1.stderr.trim()}`);
  transcript.push(`$ imperal chat "list my notes"`, `     ${r1.stdout.trim()}`);

  step("Audit ledger (every action, durable before the reply)");
  const audit = await (await fetch(`${disc.url}/v1/audit?limit=10`, { headers })).json();
  const rows = Array.isArray(audit) ? audit : (audit.rows ?? audit.entries ?? []);
  for (const row of rows.slice().reverse())
    out(
      `  ${kleur.dim(String(row.ts ?? "").slice(11, 19))} ${String(row.user_id).padEnd(5)} ${String(row.tool).padEnd(24)} ${row.status}${row.reason ? kleur.dim(" " + row.reason) : ""}`,
    );
}

async function stop() {
  if (dev && dev.exitCode === null) {
    const exited = new Promise((r) => dev.once("exit", r));
    dev.kill("SIGTERM");
    await Promise.race([exited, new Promise((r) => setTimeout(r, 5000))]);
    if (dev.exitCode === null) dev.kill("SIGKILL");
  }
  if (!keep) rmSync(work, { recursive: true, force: true });
}

try {
  await main();
  step("Transcript");
  for (const l of transcript) out("  " + l);
} catch (err) {
  failed++;
  out(kleur.red(`\ndemo failed: ${err?.message ?? err}`));
} finally {
  await stop();
}
out("");
if (failed) {
  out(kleur.red(`${failed} step(s) did not do what they should — see above.`));
  process.exitCode = 1;
} else {
  out(
    kleur.green("✓ demo complete: scaffold → validate → build → local kernel → chat → confirm → hot reload → audit. ") +
      kleur.dim(keep ? `Files kept in ${work}` : "Temp files removed."),
  );
  // The packages are on no registry: the command that works is this checkout's (the root `imperal` script), and an
  // extension outside the repo links the checkout's packages (init does that by itself) and installs with npm.
  const ext = path.join(path.dirname(repo), "my-ext");
  out(
    kleur.dim(
      `  Next: npx -y pnpm@10 -s imperal init ${ext} --template notes && cd ${ext} && npm install && npx imperal dev`,
    ),
  );
}
