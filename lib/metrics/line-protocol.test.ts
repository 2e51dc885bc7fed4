import { describe, expect, it } from "vitest";
import { LineProtocolParser, parseLineProtocol } from "@/lib/metrics/line-protocol";
import { toLineProtocol } from "@/lib/metrics/point";

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
      expect(parser.end()).toEqual(whole);
    }
  });
});
