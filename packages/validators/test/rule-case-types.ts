/** Shapes of the per-rule examples (rule-cases.ts, rule-cases-platform.ts) that are both tests and docs pages. */
export interface Expect {
  file?: string;
  line: number;
  at: string;
  severity?: "error" | "warn";
}

export interface Example {
  body?: string;
  files?: Record<string, string>;
}

export interface RuleCase {
  rule: string;
  title: string;
  fail: Example & { expect: Expect[] };
  pass: Example;
  note?: string;
}
