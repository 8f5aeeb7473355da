/** A unified-style line diff of `before` -> `after` with `context` lines around each change (LCS based). */
export function lineDiff(
  before: string,
  after: string,
  labels = { before: "on disk", after: "fresh build" },
  context = 3,
): string {
  const a = before.split("\n");
  const b = after.split("\n");
  // Trim the common prefix/suffix so the LCS table stays small for typical manifest edits.
  let start = 0;
  while (start < a.length && start < b.length && a[start] === b[start]) start++;
  let endA = a.length;
  let endB = b.length;
  while (endA > start && endB > start && a[endA - 1] === b[endB - 1]) {
    endA--;
    endB--;
  }
  const ma = a.slice(start, endA);
  const mb = b.slice(start, endB);
  type Op = { t: " " | "-" | "+"; s: string; ia: number; ib: number };
  const ops: Op[] = [];
  for (let i = 0; i < start; i++) ops.push({ t: " ", s: a[i]!, ia: i, ib: i });
  if (ma.length * mb.length > 4_000_000) {
    ma.forEach((s, i) => ops.push({ t: "-", s, ia: start + i, ib: start }));
    mb.forEach((s, i) => ops.push({ t: "+", s, ia: endA, ib: start + i }));
  } else {
    const n = ma.length;
    const m = mb.length;
    const dp: Uint32Array[] = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        dp[i]![j] = ma[i] === mb[j] ? dp[i + 1]![j + 1]! + 1 : Math.max(dp[i + 1]![j]!, dp[i]![j + 1]!);
      }
    }
    let i = 0;
    let j = 0;
    while (i < n || j < m) {
      if (i < n && j < m && ma[i] === mb[j]) ops.push({ t: " ", s: ma[i]!, ia: start + i++, ib: start + j++ });
      else if (i < n && (j >= m || dp[i + 1]![j]! >= dp[i]![j + 1]!))
        ops.push({ t: "-", s: ma[i]!, ia: start + i++, ib: start + j });
      else ops.push({ t: "+", s: mb[j]!, ia: start + i, ib: start + j++ });
    }
  }
  for (let k = 0; k < a.length - endA; k++) ops.push({ t: " ", s: a[endA + k]!, ia: endA + k, ib: endB + k });

  const out = [`--- imperal.json (${labels.before})`, `+++ imperal.json (${labels.after})`];
  const changed = ops.map((o, idx) => (o.t !== " " ? idx : -1)).filter((x) => x >= 0);
  let k = 0;
  while (k < changed.length) {
    const from = Math.max(0, changed[k]! - context);
    let to = changed[k]! + context;
    while (k + 1 < changed.length && changed[k + 1]! - context <= to + 1) to = changed[++k]! + context;
    to = Math.min(ops.length - 1, to);
    const hunk = ops.slice(from, to + 1);
    out.push(`@@ line ${hunk[0]!.ia + 1} @@`);
    for (const o of hunk) out.push(`${o.t}${o.s}`);
    k++;
  }
  return out.join("\n") + "\n";
}
