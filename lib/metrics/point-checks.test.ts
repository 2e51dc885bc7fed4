import { expect, it } from "vitest";
import { parseLineProtocol } from "@/lib/metrics/line-protocol";
import { PointChecks } from "@/lib/metrics/point-checks";

it("refuses, per point and with the reason, a field of another type, a far-future timestamp and non-finite numbers, keeping the good points", () => {
  const now = Date.UTC(2026, 11, 1) * 1000;
  const checks = new PointChecks().forBody();
  const body = [
    `auth_duration,success=true duration_ms=12.5 ${now}`,
    `auth_duration,success=true duration_ms="slow" ${now}`,
    `auth_duration,success=true duration_ms=13 ${now + 2 * 3_600_000_000}`,
    `auth_duration,success=true duration_ms=NaN ${now}`,
    `auth_duration,success=true duration_ms=Infinity ${now}`,
    `auth_duration,success=true duration_ms=-inf ${now}`,
    `auth_duration,success=false duration_ms=14 ${now + 60_000_000}`,
  ].join("\n");
  const { points, errors } = parseLineProtocol(body, "us", now, (point) => checks.check(point, now));
  expect(points.map((point) => point.fields.duration_ms)).toEqual([12.5, 14]);
  expect(errors).toEqual([
    { line: 2, message: "field duration_ms: string, but earlier auth_duration points have it as number" },
    { line: 3, message: expect.stringMatching(/^timestamp 2026-12-01T02:00:00.000Z is more than 1 h in the future/) },
    { line: 4, message: expect.stringContaining("invalid value") },
    { line: 5, message: expect.stringContaining("invalid value") },
    { line: 6, message: expect.stringContaining("invalid value") },
  ]);
});

it("learns field types only from bodies that were accepted", () => {
  const now = Date.UTC(2026, 11, 1) * 1000;
  const checks = new PointChecks();
  // A body refused whole (over the size limit) is never committed: its string field is not remembered.
  checks.forBody().check({ measurement: "m", tags: {}, fields: { v: "text" }, timeUs: now }, now);
  const next = checks.forBody();
  expect(next.check({ measurement: "m", tags: {}, fields: { v: 1 }, timeUs: now }, now)).toBeNull();
  next.commit();
  expect(checks.forBody().check({ measurement: "m", tags: {}, fields: { v: "text" }, timeUs: now }, now)).toBe("field v: string, but earlier m points have it as number");
});
