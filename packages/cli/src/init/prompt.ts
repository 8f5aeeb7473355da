import { createInterface } from "node:readline/promises";

/** Where questions are asked (the TTY by default; tests inject streams). */
export interface PromptIO {
  input: NodeJS.ReadableStream;
  output: NodeJS.WritableStream;
}

const tty = (): PromptIO => ({ input: process.stdin, output: process.stderr });

/** Ask one question on the TTY; an empty answer takes `def`. */
export async function ask(question: string, def?: string, io: PromptIO = tty()): Promise<string> {
  const rl = createInterface({ input: io.input, output: io.output });
  try {
    const closed = new Promise<never>((_, reject) =>
      rl.once("close", () => reject(new Error("the terminal closed before an answer"))),
    );
    const answer = (await Promise.race([rl.question(`${question}${def ? ` (${def})` : ""}: `), closed])).trim();
    return answer || def || "";
  } finally {
    rl.close();
  }
}

/** The choice closest to a typo (edit distance at most 2), for "did you mean …?". */
export function closest(word: string, choices: readonly string[]): string | undefined {
  let best: { c: string; d: number } | undefined;
  for (const c of choices) {
    const d = distance(word.toLowerCase(), c);
    if (d <= 2 && (!best || d < best.d)) best = { c, d };
  }
  return best?.c;
}

function distance(a: string, b: string): number {
  const row = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    let prev = row[0]!;
    row[0] = i;
    for (let j = 1; j <= b.length; j++) {
      const cur = row[j]!;
      row[j] = Math.min(row[j]! + 1, row[j - 1]! + 1, prev + (a[i - 1] === b[j - 1] ? 0 : 1));
      prev = cur;
    }
  }
  return row[b.length]!;
}

/**
 * Ask until the answer is one of `choices` (an empty answer takes `def`): a typo is answered with the valid names
 * (and the closest one) and the question is asked again. `first` is an answer already given (a flag) to check first.
 */
export async function askChoice(
  question: string,
  choices: readonly string[],
  def: string,
  io: PromptIO = tty(),
  first?: string,
): Promise<string> {
  let answer = first ?? (await ask(question, def, io));
  for (let attempt = 0; !choices.includes(answer); attempt++) {
    if (attempt >= 5) return answer; // the caller reports it as an error
    const near = closest(answer, choices);
    io.output.write(
      `  unknown ${question.split(" ")[0]!.toLowerCase()} "${answer}"${near ? ` — did you mean ${near}?` : ""} (choose ${choices.join(", ")})\n`,
    );
    answer = await ask(question, near ?? def, io);
  }
  return answer;
}
