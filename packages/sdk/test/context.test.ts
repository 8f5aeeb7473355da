import { describe, expect, it } from "vitest";
import { SkeletonAccessForbidden, buildContext, scopeGranted } from "../src/index.js";

const user = { imperalId: "u1", email: "u@x.io", tenantId: "t1", role: "user", scopes: ["notes:*", "mail:read"] };

describe("buildContext", () => {
  it("chat and panel contexts throw SkeletonAccessForbidden on ctx.skeleton (member and destructuring)", () => {
    for (const kind of ["chat", "panel"] as const) {
      const ctx = buildContext(kind, { user });
      expect(ctx.kind).toBe(kind);
      expect(() => (ctx as unknown as { skeleton: unknown }).skeleton).toThrow(SkeletonAccessForbidden);
      expect(() => {
        const { skeleton } = ctx as unknown as { skeleton: unknown };
        return skeleton;
      }).toThrow(/only available inside ext.skeleton/);
      try {
        (ctx as unknown as { skeleton: unknown }).skeleton;
      } catch (e) {
        expect((e as SkeletonAccessForbidden).code).toBe("SKELETON_ACCESS_FORBIDDEN");
      }
    }
  });

  it("skeleton contexts expose ctx.skeleton.get", async () => {
    const ctx = buildContext("skeleton", { user, skeleton: { get: async (s) => ({ section: s }) } });
    expect(await ctx.skeleton.get("notes")).toEqual({ section: "notes" });
  });

  it("user.hasScope honours exact, ns:* and * grants", () => {
    const ctx = buildContext("chat", { user });
    expect(ctx.user.hasScope("notes:write")).toBe(true);
    expect(ctx.user.hasScope("mail:read")).toBe(true);
    expect(ctx.user.hasScope("mail:send")).toBe(false);
    expect(ctx.user.hasScope("notesx:read")).toBe(false);
    expect(scopeGranted(["*"], "anything:at:all")).toBe(true);
    expect(scopeGranted([], "a:b")).toBe(false);
  });

  it("missing clients fail with CLIENT_UNAVAILABLE only when used", () => {
    const ctx = buildContext("chat", { user });
    expect(() => ctx.store.create("a", {})).toThrow(expect.objectContaining({ code: "CLIENT_UNAVAILABLE" }));
    expect(ctx.tenant).toEqual({ tenantId: "t1", name: "t1" });
    expect(ctx.lang).toBe("en");
  });

  it("log and progress go to the kernel callbacks; progress is clamped", () => {
    const logs: unknown[] = [];
    const prog: unknown[] = [];
    const ctx = buildContext("chat", { user, log: (m, l) => logs.push([m, l]), progress: (p, m) => prog.push([p, m]) });
    ctx.log("hello");
    ctx.log("bad", "error");
    ctx.progress(150, "almost");
    expect(logs).toEqual([
      ["hello", "info"],
      ["bad", "error"],
    ]);
    expect(prog).toEqual([[100, "almost"]]);
    expect(() => ctx.progress(Number.NaN)).toThrow(TypeError);
  });

  it("the context is frozen and rejects unknown kinds", () => {
    const ctx = buildContext("chat", { user });
    expect(Object.isFrozen(ctx)).toBe(true);
    expect(() => buildContext("tool" as never, { user })).toThrow(/unknown context kind/);
  });
});
