// ctx.http URL building (SPEC 1.3 `query`): the kernel's client and the SDK testing kit build the same URL — each
// `query` entry replaces same-named URL params in place, new names are appended, undefined entries are skipped —
// checked against a real fake server on 127.0.0.1.
import { describe, it, expect, beforeAll, afterAll } from "vitest";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { createTestHttp } from "@imperal/sdk/testing";

const I = (await import("../dist/internals.js")) as unknown as typeof import("../src/internals.js");

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

/** [url path, query, what the server must see]. */
const CASES: Array<[string, Record<string, string | number | boolean | undefined>, string]> = [
  ["/?a=1", { a: 2 }, "/?a=2"],
  ["/x?a=1&b=k&a=3", { a: 2, c: "y z" }, "/x?a=2&b=k&c=y+z"],
  ["/x?keep=1", { cursor: undefined, n: 0, f: false }, "/x?keep=1&n=0&f=false"],
  ["/x", { "a&b": "c=d" }, "/x?a%26b=c%3Dd"],
  ["/x?b=1&a=1", { a: "first", b: "second" }, "/x?b=second&a=first"],
];

describe("ctx.http query", () => {
  it("the kernel's ctx.http replaces same-named params, in order", async () => {
    const http = I.makeHttpClient();
    for (const [path, query, want] of CASES) {
      seen.length = 0;
      await http.get(base + path, { query: query as Record<string, string> });
      expect(seen).toEqual([want]);
    }
  });

  it("the testing kit sends exactly the URL the kernel sends", async () => {
    const http = I.makeHttpClient();
    const kit = createTestHttp(async (r) => ({ body: await (await fetch(r.url)).text() }), []);
    for (const [path, query] of CASES) {
      seen.length = 0;
      await http.get(base + path, { query: query as Record<string, string> });
      await kit.get(base + path, { query: query as Record<string, string> });
      expect(seen.length).toBe(2);
      expect(seen[1]).toBe(seen[0]);
    }
  });
});
