// @ts-check
// ESLint 9 flat config for the whole workspace: `pnpm lint` (= `eslint . && prettier --check .`).
// Formatting is Prettier's job (.prettierrc.json); this file only enables rules that find bugs.
//
// Non-default choices, and why:
//
// * Base: typescript-eslint `recommended` only. `@eslint/js` recommended was tried (resolved through eslint's own
//   dependency): on this tree it found nothing real — 119 `no-undef` in the .mjs scripts (no Node globals declared)
//   and 6 `no-control-regex` on deliberate ANSI-stripping regexes in tests — and would need two more root
//   devDependencies (@eslint/js, globals). TypeScript itself already reports undefined names in .ts files.
//
// * Type-aware linting (parserOptions.projectService) for packages/*/src AND packages/*/test. Measured on this
//   2-core machine while other jobs were running: full `eslint .` (~315 files) takes 15-21 s typed vs 5-7 s untyped
//   at load 2.5-4 (typed for src only: ~17 s); ~50 s only while parallel test runs saturated the CPUs (load ~6).
//   That is within the 60 s budget, so tests get the promise rules too (an un-awaited
//   `expect(...).rejects` or helper is exactly the kind of bug they catch). Each package's tsconfig.json already
//   includes src, test and scripts/*.ts. Not typed: templates/* (they import "@imperal/sdk", which only resolves
//   after `imperal init` scaffolds them, so every SDK type would be `any` and the rules would see nothing), the
//   .mjs scripts/bench/eval files and vitest/eslint configs (no tsconfig covers them).
//   Cross-package types come from the packages' built dist/*.d.ts (package.json "types"), so run `pnpm build` first
//   for complete results; without a build those imports are `any` and findings can only go missing, not appear.
//
// * Rules added on top of `recommended` (all catch runtime bugs, none is style):
//   - @typescript-eslint/no-floating-promises (typed): a promise nobody awaits loses its rejection and its ordering.
//   - @typescript-eslint/no-misused-promises (typed): an async function passed where a void callback is expected
//     (event handlers, setTimeout, Array#forEach) or a promise used as a condition. 0 findings today; kept as a guard.
//   - @typescript-eslint/await-thenable (typed): `await` on a non-promise is usually a missing call. 0 findings today.
//   - @typescript-eslint/consistent-type-imports: type-only dependencies are marked, so they are erased whatever
//     compiles the file (tsc, esbuild transpiling one file at a time, or `verbatimModuleSyntax`, which keeps every
//     unmarked import); an unmarked one can turn into a runtime import that closes an import cycle.
//     `disallowTypeAnnotations: false` because inline `import("ts-morph").Node`-style type annotations are used on
//     purpose (validators load ts-morph/typescript lazily) and never emit a runtime import.
//     `fixStyle: "inline-type-imports"` matches how mixed imports are written here (`import { x, type Y }`).
//
// * Tuned `recommended` rules:
//   - no-unused-vars: names starting with `_` are intentionally unused (`_ctx` handler params, `{ detail: _detail,
//     ...rest }` to drop a key), and rest siblings are how keys are omitted; everything else stays an error.
//   - no-unused-expressions: `a && b()` / `c ? d() : e()` statements are allowed (common, intentional). Comma
//     sequences used as statements (`if (x) (set.add(y), (changed = true));`) stay errors: the rule has no option for
//     them, and keeping it catches the real bug class (`a === b;`, `obj.method;` without the call). Off in tests,
//     where evaluating a throwing getter for its side effect (`(ctx as any).skeleton;` inside try) is the point.
//   - no-this-alias: `const self = this` is allowed; it is needed when a hoisted `function` declaration (which
//     must be one so it can remove itself from a listener list) refers to the instance.
//   - no-explicit-any: `warn` in src (the few uses are deliberate boundary types such as handler signatures and
//     the vitest `expect`), off in tests and template tests (JSON from child processes, loose fixtures).
//   - no-unsafe-function-type: off in tests (hand-written shapes of a dynamically imported module).
import { defineConfig, globalIgnores } from "eslint/config";
import tseslint from "typescript-eslint";

const TEST_FILES = ["packages/*/test/**/*.ts", "packages/*/src/**/*.test.ts", "templates/*/test/**/*.ts"];

export default defineConfig(
  // Generated output, dependencies and fixtures whose exact text the tests assert on.
  globalIgnores([
    "**/dist/**",
    "**/node_modules/**",
    "**/.imperal/**", // `imperal init` / test scratch dirs (scaffolded templates, build output)
    "**/coverage/**",
    "**/.e2e-tmp/**",
    "**/*.d.ts",
    "packages/*/test/fixtures/**", // inputs with expected file:line:column findings / type-test positions
    "bench/results/**",
  ]),
  {
    linterOptions: { reportUnusedDisableDirectives: "warn" },
  },
  ...tseslint.configs.recommended,
  {
    rules: {
      "@typescript-eslint/consistent-type-imports": [
        "error",
        { prefer: "type-imports", disallowTypeAnnotations: false, fixStyle: "inline-type-imports" },
      ],
      // A `let` assigned once but read earlier by a closure (a timer handle an abort callback clears) cannot be a
      // `const` declared at the assignment: calling the closure first would hit the temporal dead zone.
      "prefer-const": ["error", { ignoreReadBeforeAssign: true }],
      "@typescript-eslint/no-unused-vars": [
        "error",
        {
          args: "after-used",
          argsIgnorePattern: "^_",
          varsIgnorePattern: "^_",
          caughtErrorsIgnorePattern: "^_",
          destructuredArrayIgnorePattern: "^_",
          ignoreRestSiblings: true,
        },
      ],
      "@typescript-eslint/no-unused-expressions": [
        "error",
        { allowShortCircuit: true, allowTernary: true, allowTaggedTemplates: true },
      ],
      "@typescript-eslint/no-this-alias": ["error", { allowedNames: ["self"] }],
      "@typescript-eslint/no-explicit-any": "warn",
    },
  },
  {
    // Type-aware rules: package sources and tests (see the timing note above).
    files: ["packages/*/src/**/*.ts", "packages/*/test/**/*.ts"],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      "@typescript-eslint/no-floating-promises": "error",
      "@typescript-eslint/no-misused-promises": "error",
      "@typescript-eslint/await-thenable": "error",
    },
  },
  {
    // The inspector app (packages/cli/inspector) renders JSON from the wire: UI trees, turn objects, JSON Schemas,
    // event payloads. Their shapes are checked where they are used (and by `tsc -p inspector/tsconfig.json` for the
    // rest); `any` is the boundary type of those payloads, as in tests.
    files: ["packages/cli/inspector/**/*.{ts,tsx}"],
    rules: { "@typescript-eslint/no-explicit-any": "off" },
  },
  {
    files: TEST_FILES,
    rules: {
      "@typescript-eslint/no-explicit-any": "off",
      "@typescript-eslint/no-unsafe-function-type": "off",
      "@typescript-eslint/no-unused-expressions": "off",
    },
  },
);
