import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { LineProtocolParser, parseLineProtocol, pointsOf } from "@/lib/metrics/line-protocol";
import { type MetricPoint, toLineProtocol, toLineProtocolBody } from "@/lib/metrics/point";
import { PointChecks } from "@/lib/metrics/point-checks";
import { type RollupDelta, RollupFold, rollUp } from "@/lib/metrics/rollup/state";

/** The points without the encoding the parser may attach (MetricPoint.line), for comparing readings. */
const readings = ({ points, errors }: ReturnType<typeof parseLineProtocol>) => ({ points: points.map(({ line: _line, ...point }) => point), errors });

describe("parseLineProtocol", () => {
  it("reads tags, every field type, escapes and timestamps in each precision", () => {
    const { points, errors } = parseLineProtocol(
      'api\\ error,endpoint=/a\\,b,errorType=X\\=Y duration_ms=1.5,count=3i,ok=t,bad=FALSE,message="say \\"hi\\", ok" 1700000000123456789',
      "ns",
      0,
    );
    expect(errors).toEqual([]);
    expect(points).toEqual([
      {
        measurement: "api error",
        tags: { endpoint: "/a,b", errorType: "X=Y" },
        fields: { duration_ms: 1.5, count: 3, ok: true, bad: false, message: 'say "hi", ok' },
        timeUs: 1700000000123456,
      },
    ]);
    expect(parseLineProtocol("m v=1 1700000000", "s", 0).points[0]?.timeUs).toBe(1700000000000000);
    expect(parseLineProtocol("m v=1 1700000000000", "ms", 0).points[0]?.timeUs).toBe(1700000000000000);
    // Nanoseconds truncate toward zero to microseconds, short and negative ones too.
    expect(parseLineProtocol(["m v=1 999", "m v=1 1999", "m v=1 -1999", "m v=1 -999"].join("\n"), "ns", 0).points.map((p) => p.timeUs)).toEqual([0, 1, -1, 0]);
  });

  it("stamps lines without a timestamp with the time of arrival", () => {
    expect(parseLineProtocol("m v=-2e3", "ns", 42).points[0]).toMatchObject({ fields: { v: -2000 }, timeUs: 42 });
  });

  it("reports each bad line by number and keeps the good ones", () => {
    const body = ["m v=1", "", "no_fields", "m,tag v=1", "# comment", "m v=1 soon", 'm s="open', "m v=1u", "m v=-1u", "m v=NaN"].join("\n");
    const { points, errors } = parseLineProtocol(body, "ns", 0);
    expect(points.map((p) => p.fields)).toEqual([{ v: 1 }, { v: 1 }]);
    expect(errors.map((e) => e.line)).toEqual([3, 4, 6, 7, 9, 10]);
    expect(errors[0]?.message).toBe("missing fields");
    expect(errors[2]?.message).toMatch(/timestamp/);
  });

  it("reads back what the InfluxDB client's Point writes", () => {
    const point = { measurement: "cache operation", tags: { operation: "hit, or=not" }, fields: { duration_ms: 2.25, message: 'a "b" \\c' }, timeUs: 123 };
    expect(parseLineProtocol(toLineProtocol(point), "us", 0).points).toEqual([point]);
  });

  it("answers the same whatever pieces a streamed body arrives in, lines cut anywhere", () => {
    const body = ["m,host=a v=1 10", "", "bad line", "m,host=b\\ c v=2,s=\"x y\" 20\r", "# note", "m v=3 30"].join("\n");
    const whole = parseLineProtocol(body, "us", 0);
    expect(whole.points).toHaveLength(3);
    for (let size = 1; size <= body.length; size++) {
      const parser = new LineProtocolParser("us", 0);
      for (let start = 0; start < body.length; start += size) parser.push(body.slice(start, start + size));
      expect(readings(parser.end())).toEqual(readings(whole));
    }
  });

  it("reads plain lines (no escapes, no strings) on its fast path exactly as on the general one", () => {
    // A piece with a double quote anywhere (here in a comment) takes the general path for all its lines.
    const general = (body: string, precision: "ns" | "us" | "ms" | "s") => {
      const { points, errors } = readings(parseLineProtocol(`# "\n${body}`, precision, 7));
      return { points, errors: errors.map((error) => ({ ...error, line: error.line - 1 })) };
    };
    const part = fc.constantFrom("m", "cpu", "t", "v", "1", "1.5", "-2", "1i", "1u", "t", "false", "1e3", "+1", ".5", "x=y", "", "=", ",", " ", "  ", "170000000000000000", "-3", "NaN", "1999", "-1999", "00000000000000000001", "1.", "-0.0", "0.1", "1.2.3", "9007199254740993", "123456789012345.6", "0.30000000000000004", "0", "0.0", "-0", "10", "1.50", "0.000001", "0.0000001", "T", "F", "007", "0.5", "1764000000000000", "01764000000000000", " 5");
    const line = fc.array(part, { maxLength: 9 }).map((parts) => parts.join(""));
    const value = fc.constantFrom("1", "1.5", "-2", "1i", "t", "T", "F", "0", "0.0", "-0", "10", "1.50", "0.000001", "0.0000001", "007", "123456789012345.6", "1e3");
    const wellFormed = fc
      .tuple(
        fc.constantFrom("m", "cpu"),
        fc.array(fc.tuple(fc.constantFrom("a", "b", "host"), fc.constantFrom("x", "1", "y=z")), { maxLength: 3 }),
        fc.array(fc.tuple(fc.constantFrom("v", "w"), value), { minLength: 1, maxLength: 3 }),
        fc.option(fc.constantFrom("1764000000000000", "01764000000000000", "-5", "0", "1999"), { nil: undefined }),
      )
      .map(([measurement, tags, fields, time]) => `${[measurement, ...tags.map(([k, v]) => `${k}=${v}`)].join(",")} ${fields.map(([k, v]) => `${k}=${v}`).join(",")}${time === undefined ? "" : ` ${time}`}`);
    const body = fc.array(fc.oneof(line, wellFormed, fc.constantFrom("m,host=a v=1 10", "m,host=a,host=b v=1,w=2i 20", "m v=1", "m,a=1 b=2 3 4")), { maxLength: 12 }).map((lines) => lines.join("\n"));
    fc.assert(
      fc.property(body, fc.constantFrom("ns" as const, "us" as const, "ms" as const, "s" as const), (text, precision) => {
        const plain = parseLineProtocol(text, precision, 7);
        expect(readings(plain)).toEqual(general(text, precision));
        // A line kept as it arrived is exactly what encoding the point would send InfluxDB.
        for (const { line, ...point } of plain.points) if (line !== undefined) expect(line).toBe(toLineProtocol(point));
      }),
      { numRuns: 3_000 },
    );
  });

  it("keeps a line that is already written as InfluxDB is sent points, instead of encoding the point again", () => {
    const { points } = parseLineProtocol("api_error,endpoint=/a,errorType=E1 duration_ms=12.5 1764000000000000\nm v=1.50 1764000000000000", "us", 0);
    expect(points[0]!.line).toBe("api_error,endpoint=/a,errorType=E1 duration_ms=12.5 1764000000000000");
    // 1.50 is encoded as 1.5: that line is encoded again.
    expect(points[1]!.line).toBeUndefined();
    expect(parseLineProtocol("m v=1 1764000000000000000", "ns", 0).points[0]!.line).toBe("m v=1 1764000000000000");
  });

  it("with a fold, keeps the lines already written as InfluxDB is sent them as text and their values as rollups: the same points, errors and rollups as without", () => {
    const value = fc.constantFrom("1", "1.5", "-2", "1i", "T", "F", "t", "0", "10", "1.50", "0.000001", "1e3", "250.25", "x");
    const line = fc
      .tuple(
        fc.constantFrom("m", "cpu"),
        fc.constantFrom("", ",host=a", ",host=b", ",host=a,dc=x", ",dc=x,host=a"),
        fc.array(fc.tuple(fc.constantFrom("v", "w"), value), { minLength: 1, maxLength: 3 }),
        fc.constantFrom(" 1764000000000000", " 1764000060000001", " 1764003600000002", " 01764000000000000", "", " -5", " 9999999999999999999"),
      )
      .map(([measurement, tags, fields, time]) => `${measurement}${tags} ${fields.map(([k, v]) => `${k}=${v}`).join(",")}${time}`);
    const body = fc.array(fc.oneof({ weight: 5, arbitrary: line }, { weight: 1, arbitrary: fc.constantFrom('m,host=a s="text" 5', "m,host=a\\ b v=1 6", "bad", "") }), { maxLength: 20 });
    const rolledUp = (_: string, tags: Record<string, string>) => tags;
    /** Deltas merged per key, so that how they were split between points and folded lines does not matter. */
    const merged = (deltas: RollupDelta[]) => {
      const byKey = new Map<string, { count: number; sum: number; min: number; max: number; bins: string }>();
      for (const { resolutionSeconds, measurement, field, tags, bucketUs, state } of deltas) {
        const key = JSON.stringify([resolutionSeconds, measurement, field, Object.entries(tags).sort(), bucketUs]);
        const entry = byKey.get(key) ?? { count: 0, sum: 0, min: Infinity, max: -Infinity, bins: "" };
        entry.count += state.count;
        entry.sum += state.sum;
        entry.min = Math.min(entry.min, state.min);
        entry.max = Math.max(entry.max, state.max);
        byKey.set(key, entry);
      }
      return [...byKey].sort(([a], [b]) => (a < b ? -1 : 1)).map(([key, entry]) => ({ key, ...entry, sum: Math.round(entry.sum * 1e6) / 1e6 }));
    };
    const sorted = (points: MetricPoint[]) => points.map((point) => JSON.stringify(point)).sort();
    fc.assert(
      fc.property(body, fc.constantFrom("ns" as const, "us" as const), fc.array(fc.nat(), { maxLength: 4 }), (lines, precision, cuts) => {
        const text = lines.join("\n");
        const now = 1764000000000000;
        const withoutFold = parseLineProtocol(text, precision, 7, { checks: new PointChecks().forBody(now) });
        const fold = new RollupFold([60, 3600], rolledUp);
        const withFold = parseLineProtocol(text, precision, 7, { checks: new PointChecks().forBody(now), fold });
        expect(withFold.errors).toEqual(withoutFold.errors);
        const canonical = withFold.canonical ? [withFold.canonical] : [];
        expect(sorted([...withFold.points, ...pointsOf(canonical)])).toEqual(sorted(withoutFold.points));
        // Every line kept as text is what toLineProtocol writes for its point; none is kept as a point too.
        for (const point of pointsOf(canonical)) expect(point.line).toBe(toLineProtocol(point));
        expect(withFold.points.every((point) => point.line === undefined)).toBe(true);
        const foldedDeltas = [...rollUp(withFold.points, [60, 3600], rolledUp), ...(withFold.canonical?.deltas ?? [])];
        expect(merged(foldedDeltas)).toEqual(merged(rollUp(withoutFold.points, [60, 3600], rolledUp)));
        // Streamed in pieces cut anywhere (a piece's lines take the fast path only when none of it is escaped or quoted), the same.
        const streamFold = new RollupFold([60, 3600], rolledUp);
        const parser = new LineProtocolParser(precision, 7, { checks: new PointChecks().forBody(now), fold: streamFold });
        const offsets = [0, ...cuts.map((cut) => cut % (text.length + 1)).sort((x, y) => x - y), text.length];
        for (let index = 1; index < offsets.length; index++) parser.push(text.slice(offsets[index - 1], offsets[index]));
        const streamed = parser.end();
        const withoutLine = (points: MetricPoint[]) => sorted(points.map(({ line: _line, ...point }) => point));
        expect(withoutLine([...streamed.points, ...pointsOf(streamed.canonical ? [streamed.canonical] : [])])).toEqual(withoutLine(withoutFold.points));
        expect(merged([...rollUp(streamed.points, [60, 3600], rolledUp), ...(streamed.canonical?.deltas ?? [])])).toEqual(merged(foldedDeltas));
      }),
      { numRuns: 2_000 },
    );
  });

  it("gives the points of one series in a body one frozen tags object, so a consumer cannot change another point's tags", () => {
    const { points } = parseLineProtocol("m,host=a v=1 1\nm,host=b v=2 2\nm,host=a v=3 3", "us", 0);
    expect(points[0]!.tags).toBe(points[2]!.tags);
    expect(points[1]!.tags).not.toBe(points[0]!.tags);
    expect(Object.isFrozen(points[0]!.tags)).toBe(true);
  });
});

describe("toLineProtocolBody", () => {
  it("writes a batch as toLineProtocol writes each point, whether or not points share their tags object", () => {
    const tags = { endpoint: "/a b", errorType: "X" };
    const points: MetricPoint[] = [
      { measurement: "api_error", tags, fields: { duration_ms: 1.5 }, timeUs: 1 },
      { measurement: "api error", tags, fields: { duration_ms: 2, ok: true }, timeUs: 2 },
      { measurement: "api_error", tags: { ...tags }, fields: { message: 'say "hi"' }, timeUs: 3 },
    ];
    expect(toLineProtocolBody(points)).toBe(points.map((point) => toLineProtocol(point)).join("\n"));
  });
});
