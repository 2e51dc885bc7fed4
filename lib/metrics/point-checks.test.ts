import { expect, it } from "vitest";
import { parseLineProtocol } from "@/lib/metrics/line-protocol";
import { PointChecks } from "@/lib/metrics/point-checks";
import { RollupFold } from "@/lib/metrics/rollup/state";

it("refuses, per point and with the reason, a field of another type, a far-future timestamp and non-finite numbers, keeping the good points", () => {
  const now = Date.UTC(2026, 11, 1) * 1000;
  const checks = new PointChecks().forBody(now);
  const body = [
    `auth_duration,success=true duration_ms=12.5 ${now}`,
    `auth_duration,success=true duration_ms="slow" ${now}`,
    `auth_duration,success=true duration_ms=13 ${now + 2 * 3_600_000_000}`,
    `auth_duration,success=true duration_ms=NaN ${now}`,
    `auth_duration,success=true duration_ms=Infinity ${now}`,
    `auth_duration,success=true duration_ms=-inf ${now}`,
    `auth_duration,success=false duration_ms=14 ${now + 60_000_000}`,
  ].join("\n");
  const { points, errors } = parseLineProtocol(body, "us", now, { checks });
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
  const parse = (body: string) => {
    const bodyChecks = checks.forBody(now);
    return { bodyChecks, errors: parseLineProtocol(body, "us", now, { checks: bodyChecks }).errors };
  };
  // A body refused whole (over the size limit) is never committed: its string field is not remembered.
  parse(`m v="text" ${now}`);
  const next = parse(`m v=1 ${now}`);
  expect(next.errors).toEqual([]);
  next.bodyChecks.commit();
  expect(parse(`m v="text" ${now}`).errors).toEqual([{ line: 1, message: "field v: string, but earlier m points have it as number" }]);
});

it("checks the lines read without a point as it checks points: a series' later lines of another type are refused, not let through by what its earlier lines passed", () => {
  const now = Date.UTC(2026, 11, 1) * 1000;
  const checks = new PointChecks().forBody(now);
  const fold = new RollupFold([60], (_, tags) => tags);
  const body = [`m,h=a v=1 ${now}`, `m,h=a v=2 ${now + 1}`, `m,h=a v=T ${now + 2}`, `m,h=a w=1,v=3 ${now + 3}`, `m,h=a v=4,w=F ${now + 4}`, `m,h=a v=5 ${now + 2 * 3_600_000_000}`].join("\n");
  const { points, errors, canonical } = parseLineProtocol(body, "us", now, { checks, fold });
  expect(points).toEqual([]);
  expect(canonical?.text.join("\n").split("\n")).toEqual([`m,h=a v=1 ${now}`, `m,h=a v=2 ${now + 1}`, `m,h=a w=1,v=3 ${now + 3}`]);
  expect(errors).toEqual([
    { line: 3, message: "field v: boolean, but earlier m points have it as number" },
    { line: 5, message: "field w: boolean, but earlier m points have it as number" },
    { line: 6, message: expect.stringMatching(/in the future/) },
  ]);
});
