// The turn object as users, clients and the event stream see it (SPEC 7.7): every call's args, the confirmation
// card's calls and the classifier's plan redacted; every string (reply, messages, feedback, results) scrubbed of the
// values those args carried.
import { redactionForCalls, type SensitiveLookup } from "./redact.js";

interface CallLike {
  tool: string;
  args: unknown;
}
/** The parts of a turn object that can carry args (dispatch's TurnResult and the chat turn's result alike). */
export interface TurnLike {
  calls: CallLike[];
  confirmation?: { id: string; calls: CallLike[] };
  classification?: unknown;
}

/** A copy of a turn object safe to show and announce; the input (with the exact args) is left untouched. */
export function redactTurn<T extends TurnLike>(t: T, lookup: SensitiveLookup): T {
  const plan = planOf(t.classification);
  const all = [...t.calls, ...(t.confirmation?.calls ?? []), ...(plan ?? [])];
  const { calls, all: scrub } = redactionForCalls(all, lookup);
  const out = scrub.deep({ ...t });
  let at = 0;
  const take = (n: number) => calls.slice(at, (at += n));
  out.calls = t.calls.map((c, i) => ({ ...(out.calls[i] ?? c), args: take(1)[0]!.args }));
  if (t.confirmation) out.confirmation = { ...out.confirmation!, calls: take(t.confirmation.calls.length) };
  if (plan) {
    const shown = take(plan.length);
    const cls = out.classification as { plan: CallLike[] };
    out.classification = { ...cls, plan: cls.plan.map((s, i) => ({ ...s, args: shown[i]!.args })) };
  }
  return out;
}

/** The plan of a classification, when it has one. */
function planOf(cls: unknown): CallLike[] | undefined {
  const plan = (cls as { plan?: unknown } | null | undefined)?.plan;
  return Array.isArray(plan) ? (plan as CallLike[]) : undefined;
}
