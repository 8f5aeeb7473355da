import { describe, expect, it } from "vitest";
import { REDACTED, isSensitiveKey, redactSensitive } from "../src/patterns.js";

describe("sensitive values (SPEC 7.7)", () => {
  it("the default pattern, case-insensitive", () => {
    for (const k of [
      "password",
      "Passwd",
      "client_secret",
      "token",
      "accessToken",
      "api_key",
      "APIKEY",
      "Authorization",
      "credential",
      "private_key",
    ])
      expect(isSensitiveKey(k), k).toBe(true);
    for (const k of ["title", "key", "note_id", "username", "pin"]) expect(isSensitiveKey(k), k).toBe(false);
  });

  it("redacts declared paths and default keys at any depth, leaving the input untouched", () => {
    const args = {
      key: "k1",
      token: "t0p",
      auth: { password: "p", pin: "1234", user: "dave" },
      list: [{ api_key: "x", n: 1 }],
    };
    const copy = JSON.parse(JSON.stringify(args));
    expect(redactSensitive(args, ["key", "auth.pin"])).toEqual({
      key: REDACTED,
      token: REDACTED,
      auth: { password: REDACTED, pin: REDACTED, user: "dave" },
      list: [{ api_key: REDACTED, n: 1 }],
    });
    expect(args).toEqual(copy);
    expect(redactSensitive("plain")).toBe("plain");
  });

  it("is safe on hostile input: deep nesting, __proto__ keys", () => {
    let deep: unknown = { secret: "s" };
    for (let i = 0; i < 5000; i++) deep = { a: deep };
    expect(JSON.stringify(redactSensitive(deep))).not.toContain('"s"');
    const proto = JSON.parse('{"__proto__": {"token": "x"}, "ok": 1}');
    const out = redactSensitive(proto) as Record<string, unknown>;
    expect(Object.getPrototypeOf(out)).toBe(Object.prototype);
    expect(JSON.stringify(out)).toBe('{"__proto__":{"token":"[redacted]"},"ok":1}');
  });
});
