import { describe, expect, it } from "vitest";
import { isWriteConflict } from "@/lib/api/errors";

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
