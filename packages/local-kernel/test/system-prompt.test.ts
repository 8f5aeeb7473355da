// SPEC 7.8: a chat extension's systemPrompt reaches the OpenAI-compatible classifier's prompt (a model stand-in on
// loopback records what the kernel sends), scoped to that extension, and sits in the manifest.
import http from "node:http";
import type { AddressInfo } from "node:net";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { buildFixture, cleanup, loadKernel } from "./helpers.js";

const PROMPT = "Meetings with the partner team always last 30 minutes; never book them on Fridays.";
const seen: Array<Array<{ role: string; content: string }>> = [];
let server: http.Server;
let base = "";
let dir: string;

beforeAll(async () => {
  server = http.createServer((req, res) => {
    let raw = "";
    req.on("data", (c) => (raw += c));
    req.on("end", () => {
      seen.push(JSON.parse(raw).messages);
      const answer = {
        intent: "chat",
        confidence: 0.9,
        language: "en",
        plan: [],
        is_destructive: false,
        is_acceptance: false,
      };
      res.writeHead(200, { "content-type": "application/json" });
      res.end(JSON.stringify({ choices: [{ message: { role: "assistant", content: JSON.stringify(answer) } }] }));
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  dir = await buildFixture("partner.ts");
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise((r) => server.close(r));
  cleanup(dir);
});

describe("systemPrompt (SPEC 7.8)", () => {
  it("is in the manifest's chat_extensions[] and in the system message the LLM classifier sends", async () => {
    const manifest = JSON.parse(readFileSync(join(dir, "imperal.json"), "utf8"));
    expect(manifest.chat_extensions).toEqual([
      expect.objectContaining({ tool_name: "partner", system_prompt: PROMPT }),
    ]);
    const { createKernel } = await loadKernel();
    const k = await createKernel({
      extensionDir: dir,
      llm: "openai",
      llmOptions: { baseUrl: base, apiKey: "test-key", model: "stand-in" },
      users: [{ id: "alice" }],
    });
    try {
      const t = await k.turn("alice", "hello there");
      expect(t.outcome).toBe("chat");
      const system = seen.at(-1)!.find((m) => m.role === "system")!.content;
      expect(system).toContain(`Instructions of the "partner" extension for its tools (partner):\n<<<\n${PROMPT}\n>>>`);
    } finally {
      await k.close();
    }
  });
});
