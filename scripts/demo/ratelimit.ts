import { db } from "@/lib/db";
import type { DemoContext, DemoPart } from "./part";

/**
 * Failed logins as the services would report them: a day of background noise, and in the bad
 * hour (three hours ago) one brute-force burst against one email and one distributed burst
 * across a department, enough lockouts to cross the 10-an-hour alert line. The simulator then
 * replays both bursts live through the API, so lockouts exist in the running limiter too.
 */
const SERVICE = "demo-auth";
const HOUR = 3_600_000;
const DEPARTMENTS = ["Engineering", "Finance", "Sales", "Support"];

/** Deterministic, so every start seeds the same history. */
function random(seed: number) {
  let state = seed;
  return () => {
    state = (state * 1_103_515_245 + 12_345) % 2 ** 31;
    return state / 2 ** 31;
  };
}

interface Row {
  at: Date;
  email: string;
  ip: string;
  department: string;
  success: boolean;
  lockedOut: boolean;
  whileLocked: boolean;
  service: string;
}

function history(now: number): Row[] {
  const next = random(42);
  const rows: Row[] = [];
  const add = (at: number, email: string, ip: string, department: string, success: boolean, lockedOut = false) =>
    rows.push({ at: new Date(at), email, ip, department, success, lockedOut, whileLocked: false, service: SERVICE });
  for (let hour = 24; hour > 0; hour--) {
    for (let i = 0; i < 40; i++) {
      const user = Math.floor(next() * 200);
      add(now - hour * HOUR + next() * HOUR, `user${user}@example.com`, `10.0.${user % 8}.${user}`, DEPARTMENTS[user % 4]!, next() > 0.1);
    }
  }
  const badHour = now - 3 * HOUR;
  // Brute force: one address hammering one mailbox, locked every fifth failure.
  for (let i = 0; i < 40; i++) add(badHour + i * 45_000, "ceo@example.com", "203.0.113.66", "Executive", false, i % 5 === 4);
  // Distributed: many addresses, a few tries each against everyone in Finance.
  for (let user = 0; user < 14; user++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      add(badHour + 600_000 + user * 60_000 + attempt * 5_000, `finance${user}@example.com`, `198.51.100.${(user * 5 + attempt) % 250}`, "Finance", false, attempt === 4);
    }
  }
  return rows;
}

async function report(context: DemoContext, body: Record<string, unknown>): Promise<void> {
  await fetch(`${context.baseUrl}/api/ratelimit/login-attempts`, {
    method: "POST",
    headers: { Authorization: `Bearer ${context.token}`, "Content-Type": "application/json" },
    body: JSON.stringify({ service: SERVICE, ...body }),
  }).catch(() => undefined);
}

async function bursts(context: DemoContext): Promise<void> {
  for (let i = 0; i < 7; i++) await report(context, { email: "cfo@example.com", success: false, ip: "203.0.113.99", department: "Executive" });
  for (let user = 0; user < 6; user++) {
    for (let attempt = 0; attempt < 5; attempt++) {
      await report(context, { email: `eng${user}@example.com`, success: false, ip: `192.0.2.${user * 10 + attempt}`, department: "Engineering" });
    }
  }
}

export const rateLimitDemo: DemoPart = {
  name: "ratelimit",
  async seed() {
    await db().$transaction([
      db().loginAttempt.deleteMany({ where: { service: SERVICE } }),
      db().loginAttempt.createMany({ data: history(Date.now()) }),
    ]);
  },
  simulate(context) {
    void bursts(context);
    const next = random(7);
    // A steady trickle of ordinary logins, mostly successful.
    const timer = setInterval(() => {
      const user = Math.floor(next() * 200);
      void report(context, { email: `user${user}@example.com`, success: next() > 0.15, ip: `10.0.${user % 8}.${user}`, department: DEPARTMENTS[user % 4] });
    }, 5_000);
    return async () => clearInterval(timer);
  },
};
