// The testing kit's ctx.http builds its URL with buildHttpUrl (shared with the kernel): `query` replaces
// same-named params in place and skips undefined values. Checked against a real fake server on 127.0.0.1.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { buildHttpUrl } from "../src/index.js";
import { createTestHttp } from "../src/testing/index.js";

let server: Server;
let base: string;
const seen: string[] = [];
beforeAll(async () => {
  server = createServer((req, res) => {
    seen.push(req.url!);
    res.end("ok");
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(() => new Promise<void>((r) => server.close(() => r())));

describe("ctx.http query (testing kit)", () => {
  it("replaces same-named URL params in place, appends new ones and skips undefined", async () => {
    const log: Array<{ url: string }> = [];
    const http = createTestHttp(async (r) => ({ body: await (await fetch(r.url)).text() }), log as never);
    await http.get(`${base}/?a=1`, { query: { a: 2 } });
    await http.get(`${base}/x?a=1&b=k&a=3`, { query: { a: 2, c: "y z" } });
    const optional = { cursor: undefined } as unknown as Record<string, string>;
    await http.get(`${base}/x?keep=1`, { query: optional });
    expect(seen).toEqual(["/?a=2", "/x?a=2&b=k&c=y+z", "/x?keep=1"]);
    expect(log.map((r) => new URL(r.url).search)).toEqual(["?a=2", "?a=2&b=k&c=y+z", "?keep=1"]);
  });

  it("buildHttpUrl is the one rule and refuses relative URLs", () => {
    expect(buildHttpUrl("https://x/?a=1&a=3", { a: 2 }).href).toBe("https://x/?a=2");
    expect(() => buildHttpUrl("/relative", {})).toThrow(TypeError);
  });
});
