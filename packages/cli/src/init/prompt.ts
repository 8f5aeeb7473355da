import { createInterface } from "node:readline/promises";

/** Ask one question on the TTY; an empty answer takes `def`. */
export async function ask(question: string, def?: string): Promise<string> {
  const rl = createInterface({ input: process.stdin, output: process.stderr });
  try {
    const answer = (await rl.question(`${question}${def ? ` (${def})` : ""}: `)).trim();
    return answer || def || "";
  } finally {
    rl.close();
  }
}
