import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestContext, invoke } from "@imperal/sdk/testing";
import { ext } from "../src/index.js";
import { realHttp, startFakeTracker, type FakeTracker } from "./fake-tracker.js";

let tracker: FakeTracker;
beforeAll(async () => {
  tracker = await startFakeTracker();
});
afterAll(() => tracker.close());

/** A user who entered `token` (null: none) and the fake tracker's URL in the extension settings. */
function user(token: string | null = tracker.token) {
  const ctx = createTestContext({
    ext,
    http: realHttp,
    secrets: { api_base_url: tracker.url, ...(token !== null ? { api_token: token } : {}) },
  });
  return async (tool: string, args: Record<string, unknown> = {}) => {
    const out = await invoke(ext, tool, args, { ctx });
    if (!out.ok) throw new Error(`${tool} failed: ${out.code} ${out.message}`);
    return out.result as {
      status: string;
      summary: string;
      data: any;
      error?: string;
      error_code?: string;
      retryable?: boolean;
    };
  };
}

describe("connector against a local HTTP API", () => {
  it("reports the connected account, sending the token as a Bearer header", async () => {
    const call = user();
    expect(await call("connection_status")).toMatchObject({
      status: "success",
      data: { connected: true, account: "octo" },
    });
  });

  it("lists, reads, opens and closes issues", async () => {
    const call = user();
    const list = await call("list_issues", { search: "login" });
    expect(list.data.issues).toEqual([
      expect.objectContaining({ issue_id: "1", title: "Login page is slow", state: "open" }),
    ]);
    expect(tracker.requests.at(-1)).toContain("q=login");

    expect((await call("get_issue", { issue_id: "1" })).data.body).toBe("Takes 8 s on mobile.");

    const created = await call("create_issue", { title: "Add dark mode", body: "please" });
    expect(created.data).toMatchObject({ title: "Add dark mode", state: "open" });

    const closed = await call("close_issue", { issue_id: created.data.issue_id });
    expect(closed.data.state).toBe("closed");
  });

  it("maps 401 to AUTH_FAILED", async () => {
    const call = user("wrong-token");
    expect(await call("list_issues")).toMatchObject({ status: "error", error_code: "AUTH_FAILED" });
  });

  it("maps 404 to NOT_FOUND", async () => {
    const call = user();
    expect(await call("get_issue", { issue_id: "999" })).toMatchObject({ status: "error", error_code: "NOT_FOUND" });
  });

  it("maps 429 to a retryable RATE_LIMITED with the server's Retry-After", async () => {
    const call = user();
    tracker.rateLimitNext(1);
    const r = await call("list_issues");
    expect(r).toMatchObject({ status: "error", error_code: "RATE_LIMITED", retryable: true });
    expect(r.error).toContain("30 s");
  });

  it("asks the user to connect when no token is set", async () => {
    const call = user(null);
    expect(await call("list_issues")).toMatchObject({ status: "error", error_code: "NOT_CONNECTED" });
    expect(await call("connection_status")).toMatchObject({ status: "success", data: { connected: false } });
  });

  it("reports an unreachable server as retryable", async () => {
    const ctx = createTestContext({
      ext,
      http: realHttp,
      secrets: { api_token: "t", api_base_url: "http://127.0.0.1:1" },
    });
    const out = await invoke(ext, "list_issues", {}, { ctx });
    expect(out).toMatchObject({
      ok: true,
      result: { status: "error", error_code: "UPSTREAM_UNREACHABLE", retryable: true },
    });
  });

  it("only touches secrets it declared", async () => {
    expect(() => createTestContext({ ext, secrets: { other_token: "x" } })).toThrow(/not declared/);
  });
});
