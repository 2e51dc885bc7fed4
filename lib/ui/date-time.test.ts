import { describe, expect, it } from "vitest";
import { formatDateTime, fromDateTimeInput, timeZoneOrUtc, toDateTimeInput, zoneLabel } from "@/lib/ui/date-time";

const alertStart = "2026-12-01T05:13:07Z";

describe("the console's one time convention", () => {
  it("prints UTC on a 24-hour clock with the zone named, whatever the machine's zone", () => {
    expect(formatDateTime(alertStart, "UTC")).toBe("2026-12-01 05:13:07 UTC");
    expect(formatDateTime("2026-12-01T17:45:00Z", "UTC", "time")).toBe("17:45 UTC");
  });

  it("shows an operator in New York the same instant in their zone, labelled, not as 12:13 AM", () => {
    expect(formatDateTime(alertStart, "America/New_York", "time")).toBe("00:13 EST");
    expect(zoneLabel("America/New_York", Date.parse(alertStart))).toBe("EST");
  });

  it("falls back to UTC for a remembered zone that does not exist", () => {
    expect(timeZoneOrUtc("Mars/Olympus")).toBe("UTC");
    expect(timeZoneOrUtc("Europe/Berlin")).toBe("Europe/Berlin");
  });

  it("round-trips a datetime-local field in the chosen zone", () => {
    expect(toDateTimeInput(alertStart, "America/New_York")).toBe("2026-12-01T00:13");
    expect(new Date(fromDateTimeInput("2026-12-01T00:13", "America/New_York")).toISOString()).toBe("2026-12-01T05:13:00.000Z");
    expect(fromDateTimeInput("yesterday", "UTC")).toBeNaN();
  });
});
