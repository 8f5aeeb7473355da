// findDates on top of chrono-node: chat shorthand, German, the classifier's weekday / lone-time rules, false friends,
// UTC whatever the process time zone, and bounded work on hostile input.
import { execFileSync } from "node:child_process";
import path from "node:path";
import { pathToFileURL } from "node:url";
import { describe, expect, it } from "vitest";
import { here, loadKernel } from "../helpers.js";

const { findDates } = await loadKernel();
const saturday = new Date("2026-11-21T10:00:00Z");
const monday = new Date("2026-11-23T10:00:00Z");
const friday = new Date("2026-11-27T10:00:00Z");
const first = (text: string, now = saturday) => findDates(text, now)[0];

describe("findDates: chat shorthand", () => {
  it.each<[string, string, string?]>([
    ["tmrw", "2026-11-22"],
    ["tmr", "2026-11-22"],
    ["tmw", "2026-11-22"],
    ["2moro", "2026-11-22"],
    ["tomoz", "2026-11-22"],
    ["2day", "2026-11-21"],
    ["tonite", "2026-11-21"],
    ["tonite at 8", "2026-11-21", "20:00"],
    ["eod", "2026-11-21", "17:00"],
    ["EOD", "2026-11-21", "17:00"],
    ["eow", "2026-11-27"],
    ["end of the week", "2026-11-27"],
    ["next wk", "2026-11-28"],
    ["in a fortnight", "2026-12-05"],
    ["tmr at 5pm", "2026-11-22", "17:00"],
    ["tommorow", "2026-11-22"],
    ["tomorow at 9", "2026-11-22", "09:00"],
    ["thrusday", "2026-11-26"],
    ["day after tomorrow at 3pm", "2026-11-23", "15:00"],
  ])("%s", (text, date, time) => {
    const d = first(text);
    expect(d).toMatchObject({ date, text, start: 0, end: text.length });
    expect(d?.time).toBe(time);
  });
  it("a weekday of next week is in the Monday-to-Sunday week after this one", () => {
    expect(first("thursday next week")?.date).toBe("2026-11-26");
    expect(first("thursday next week", monday)?.date).toBe("2026-12-03");
    expect(first("next week friday", monday)?.date).toBe("2026-12-04");
    expect(findDates("bis Donnerstag nächster Woche", monday).map((d) => [d.text, d.date])).toEqual([
      ["Donnerstag nächster Woche", "2026-12-03"],
    ]);
  });
  it("eow on a Friday is today", () => {
    expect(first("eow", friday)?.date).toBe("2026-11-27");
  });
  it("spans point into the user's text, not the rewritten one", () => {
    const text = "ping me tmrw, then by eod and again next wk";
    const got = findDates(text, saturday);
    expect(got.map((d) => [d.text, d.date, d.time])).toEqual([
      ["tmrw", "2026-11-22", undefined],
      ["eod", "2026-11-21", "17:00"],
      ["next wk", "2026-11-28", undefined],
    ]);
    for (const d of got) expect(text.slice(d.start, d.end)).toBe(d.text);
  });
});

describe("findDates: German", () => {
  it.each<[string, string, string?]>([
    ["nächste Woche", "2026-11-28"],
    ["in zwei Tagen", "2026-11-23"],
    ["am Montag", "2026-11-23"],
    ["Ende der Woche", "2026-11-27"],
    ["morgen um 9 Uhr", "2026-11-22", "09:00"],
    ["heute um 15 Uhr", "2026-11-21", "15:00"],
    ["übermorgen", "2026-11-23"],
    ["nächsten Freitag", "2026-11-27"],
    ["letzten Freitag", "2026-11-20"],
    ["am 05.12.2026", "2026-12-05"],
  ])("%s", (text, date, time) => {
    const d = first(text);
    expect(d?.date).toBe(date);
    expect(d?.time).toBe(time);
  });
  it("a lone time in German is today's until it has passed", () => {
    expect(first("um 9 Uhr")).toMatchObject({ date: "2026-11-22", time: "09:00", text: "um 9 Uhr" });
    expect(first("um 15:30")).toMatchObject({ date: "2026-11-21", time: "15:30" });
  });
  it("finds the German date inside a sentence", () => {
    const text = "erinnere mich bis Ende der Woche an die Steuer";
    expect(findDates(text, saturday)).toEqual([{ start: 18, end: 32, date: "2026-11-27", text: "Ende der Woche" }]);
  });
});

describe("findDates: the classifier's rules around chrono", () => {
  it("a weekday is the first one after today, whatever chrono's reading of 'next'", () => {
    expect(first("next friday", monday)?.date).toBe("2026-11-27");
    expect(first("friday", friday)?.date).toBe("2026-12-04");
    expect(first("this friday", friday)?.date).toBe("2026-11-27");
    expect(first("last friday", friday)?.date).toBe("2026-11-20");
    expect(first("coming monday", monday)?.date).toBe("2026-11-30");
  });
  it("a time said before the date belongs to it", () => {
    expect(first("at 3pm today")).toMatchObject({ date: "2026-11-21", time: "15:00", text: "at 3pm today" });
    expect(first("at 10 on monday")).toMatchObject({ date: "2026-11-23", time: "10:00" });
  });
  it("a time alone is today's, or tomorrow's once it has passed (the same minute has passed)", () => {
    expect(first("lunch at noon")).toMatchObject({ date: "2026-11-21", time: "12:00", text: "at noon" });
    expect(first("at 9am")).toMatchObject({ date: "2026-11-22", time: "09:00" });
    expect(first("at 10am")).toMatchObject({ date: "2026-11-22", time: "10:00" });
    expect(first("at 10:01am")).toMatchObject({ date: "2026-11-21", time: "10:01" });
  });
  it("an evening hour said without am/pm is pm", () => {
    expect(first("tonight at 8")).toMatchObject({ date: "2026-11-21", time: "20:00" });
    expect(first("this evening at 7")).toMatchObject({ date: "2026-11-21", time: "19:00" });
    expect(first("tomorrow at 8 in the evening")).toMatchObject({
      date: "2026-11-22",
      time: "20:00",
      text: "tomorrow at 8 in the evening",
    });
    expect(first("monday at 3 in the afternoon")).toMatchObject({ date: "2026-11-23", time: "15:00" });
    expect(first("morgen um 7 abends")).toMatchObject({ date: "2026-11-22", time: "19:00" });
    expect(first("tomorrow at 8 in the morning")).toMatchObject({ date: "2026-11-22", time: "08:00" });
  });
  it("a day of the month that is no ordinal in a listing", () => {
    expect(first("pay rent on the 1st please")).toMatchObject({ date: "2026-12-01", text: "on the 1st" });
    expect(first("on the 30th at 5pm")).toMatchObject({ date: "2026-11-30", time: "17:00" });
    expect(findDates("read the 2nd result", saturday)).toEqual([]);
  });
  it("numbers alone are a date only after a date word", () => {
    expect(first("due 10/12")?.date).toBe("2027-10-12");
    expect(findDates("10/12", saturday)).toEqual([]);
  });
  it("relative phrases that point somewhere", () => {
    expect(first("in 2 hours")).toMatchObject({ date: "2026-11-21", time: "12:00" });
    expect(first("a week ago")?.date).toBe("2026-11-14");
    expect(first("next month")?.date).toBe("2026-12-21");
  });
});

describe("findDates: false friends stay out", () => {
  it.each([
    "you may want to check this",
    "may I see my notes",
    "show me the second one",
    "wait a second",
    "in a second",
    "1st",
    "the cat sat on it",
    "the sun is out",
    "sat",
    "mar",
    "water the plants once a week",
    "twice a day",
    "now",
    "show my notes now",
    "release notes for 1.32",
    "upgrade to 2.10.3",
    "run the backup at 0 7 * * *",
    "schedule */5 9-17 * * 1-5",
    "call 555-123-4567",
    "call me at 555 1234",
    "+49 30 1234567",
    "buy 3 apples",
    "top 5 results",
    "score 7/10",
    "a 5 minutes break",
    "news from the last 24 hours",
    "the past month",
    "what is due this week",
    "plans for the weekend",
    "good morning",
    "guten Morgen",
    "do it",
    "so what",
    "notes from May",
    "c'mon",
  ])("%s", (text) => {
    expect(findDates(text, saturday)).toEqual([]);
  });
  it("a cron string next to a real date keeps only the date", () => {
    const got = findDates("run 0 7 * * * starting tomorrow", saturday);
    expect(got.map((d) => d.text)).toEqual(["tomorrow"]);
  });
});

describe("findDates: UTC and bounds", () => {
  it("dates in UTC whatever the process time zone", () => {
    const dist = pathToFileURL(path.join(here, "..", "dist", "classifier", "dates.js")).href;
    const script = `import(${JSON.stringify(dist)}).then((m) => process.stdout.write(JSON.stringify(
      ["tomorrow at 3pm", "at noon", "next friday", "eod"].map((t) => m.findDates(t, new Date("2026-11-21T23:30:00Z"))))))`;
    const inZone = (tz: string) =>
      execFileSync(process.execPath, ["-e", script], { env: { ...process.env, TZ: tz }, encoding: "utf8" });
    const utc = inZone("UTC");
    expect(JSON.parse(utc)[0][0]).toMatchObject({ date: "2026-11-22", time: "15:00" });
    expect(JSON.parse(utc)[1][0]).toMatchObject({ date: "2026-11-22", time: "12:00" });
    expect(inZone("Pacific/Kiritimati")).toBe(utc);
    expect(inZone("America/Los_Angeles")).toBe(utc);
  });
  it("hostile input stays fast and only its first 2,000 characters are read", () => {
    const hostile = "at 5 on monday, 1 2 3 tmrw ".repeat(8000);
    const t0 = performance.now();
    const got = findDates(hostile, saturday);
    expect(performance.now() - t0).toBeLessThan(250);
    expect(got.length).toBeGreaterThan(0);
    expect(Math.max(...got.map((d) => d.end))).toBeLessThanOrEqual(2000);
    expect(findDates(`${"x ".repeat(1000)}tomorrow`, saturday)).toEqual([]);
  });
});
