import { transform } from "esbuild";
import { defineConfig } from "vitest/config";

// Vite's default transformer leaves TC39 decorators untouched and Node 20 cannot run them, so test files that use
// `@chat.fn(...)` are lowered with esbuild first (the same tool `imperal build` uses for extensions).
const DECORATOR = /^\s*@[A-Za-z_$(]/m;

export default defineConfig({
  plugins: [
    {
      name: "imperal-tc39-decorators",
      enforce: "pre",
      async transform(code, id) {
        if (!id.endsWith(".ts") || !DECORATOR.test(code)) return null;
        const out = await transform(code, { loader: "ts", target: "es2022", sourcemap: true, sourcefile: id });
        return { code: out.code, map: out.map };
      },
    },
  ],
  test: {
    include: ["src/**/*.test.ts", "test/**/*.test.ts"],
    testTimeout: 30_000,
    hookTimeout: 60_000,
  },
});
