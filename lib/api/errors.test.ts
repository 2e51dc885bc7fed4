import { describe, expect, it } from "vitest";
import { isDatabaseUnavailable, isWriteConflict } from "@/lib/api/errors";

describe("isWriteConflict", () => {
  it("recognises a deadlock or serialisation failure as Prisma reports it, so the caller gets 409 and may retry", () => {
    // The shape Prisma 7 with the pg adapter throws when PostgreSQL breaks a deadlock.
    const deadlock = Object.assign(new Error("Transaction failed due to a write conflict or a deadlock. Please retry your transaction"), {
      code: "P2034",
      meta: { driverAdapterError: { name: "DriverAdapterError", cause: { originalCode: "40P01", kind: "TransactionWriteConflict" } } },
    });
    expect(isWriteConflict(deadlock)).toBe(true);
    expect(isWriteConflict({ cause: { originalCode: "40001" } })).toBe(true);
  });

  it("leaves other failures alone", () => {
    expect(isWriteConflict(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isWriteConflict(new Error("boom"))).toBe(false);
    expect(isWriteConflict(undefined)).toBe(false);
  });
});

describe("isDatabaseUnavailable", () => {
  it("recognises PostgreSQL shutting down and starting up, as pg and Prisma's adapter report them, so the answer is 503 not 500", () => {
    // pg's DatabaseError while the server stops (57P01) and while it starts (57P03), wrapped the way Prisma 7 throws them.
    const wrapped = (cause: object) =>
      Object.assign(new Error("Invalid `prisma.apiToken.findUnique()` invocation"), { meta: { driverAdapterError: { name: "DriverAdapterError", cause } } });
    expect(isDatabaseUnavailable(wrapped({ kind: "postgres", code: "57P01", message: "terminating connection due to administrator command" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ originalCode: "57P03", kind: "postgres" }))).toBe(true);
    expect(isDatabaseUnavailable(wrapped({ kind: "DatabaseNotReachable", host: "127.0.0.1", port: 5441 }))).toBe(true);
    expect(isDatabaseUnavailable(Object.assign(new Error("the database system is shutting down"), { code: "57P03", severity: "FATAL" }))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Connection terminated unexpectedly"))).toBe(true);
    expect(isDatabaseUnavailable(new Error("Client has encountered a connection error and is not queryable"))).toBe(true);
    expect(isDatabaseUnavailable({ cause: Object.assign(new Error("read ECONNRESET"), { code: "ECONNRESET" }) })).toBe(true);
  });

  it("leaves errors about the request itself alone", () => {
    expect(isDatabaseUnavailable(Object.assign(new Error("Unique constraint failed"), { code: "P2002" }))).toBe(false);
    expect(isDatabaseUnavailable({ meta: { driverAdapterError: { cause: { kind: "postgres", code: "22P05", message: "unsupported Unicode escape sequence" } } } })).toBe(false);
    expect(isDatabaseUnavailable(null)).toBe(false);
  });
});
