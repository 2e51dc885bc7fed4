import { describe, expect, it } from "vitest";
import { filtersFromSearchParams, filtersToQuery, headerSearchTarget, requestIdDestination, traceIdFromInput, traceListPage, withoutPaging } from "@/lib/traces/search-params";

describe("traceIdFromInput", () => {
  it("finds the trace id in whatever an operator pastes", () => {
    const id = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(traceIdFromInput(id)).toBe(id);
    expect(traceIdFromInput(`X-Trace-ID: ${id.toUpperCase()}`)).toBe(id);
    expect(traceIdFromInput(`00-${id}-00f067aa0ba902b7-01`)).toBe(id);
    expect(traceIdFromInput(`http://localhost:16686/search?traceID=${id}`)).toBe(id);
    expect(traceIdFromInput("abc123")).toBeNull();
    expect(traceIdFromInput("0".repeat(32))).toBeNull();
  });
});

describe("list filters in the URL", () => {
  it("round-trips known filters and drops blanks and unknown keys", () => {
    const { filters, problems } = filtersFromSearchParams(new URLSearchParams("service=api&status=error&name=&junk=1&minConnections=5"));
    expect(filters).toEqual({ service: "api", status: "error", minConnections: "5" });
    expect(problems).toEqual([]);
    expect(filtersToQuery(filters)).toBe("service=api&status=error&minConnections=5");
  });
});

describe("a malformed trace-list link", () => {
  it("leaves out from=yesterday and says why, keeping the other filters", () => {
    const { filters, problems } = filtersFromSearchParams(new URLSearchParams("from=yesterday&service=api"));
    expect(filters).toEqual({ service: "api" });
    expect(problems).toEqual(['from: "yesterday" is not a date and time (ISO 8601, e.g. 2026-12-01T05:00:00Z)']);
  });

  it("refuses a reversed range and a bad status", () => {
    const { filters, problems } = filtersFromSearchParams(new URLSearchParams("from=2026-12-01T06:00:00Z&to=2026-12-01T05:00:00Z&status=broken"));
    expect(filters).toEqual({});
    expect(problems).toHaveLength(2);
    expect(problems[1]).toMatch(/is after to/);
  });
});

describe("a page of the trace list", () => {
  it("says 1–200 of 391 and offers the older traces, then 201–391 with the way back", () => {
    expect(traceListPage(0, 200, 200, 391)).toEqual({ first: 1, last: 200, total: 391, older: 200, newer: null });
    expect(traceListPage(200, 200, 191, 391)).toEqual({ first: 201, last: 391, total: 391, older: null, newer: 0 });
    expect(traceListPage(0, 200, 0, 0)).toEqual({ first: 0, last: 0, total: 0, older: null, newer: null });
  });

  it("counts without the paging, and keeps the offset in the link", () => {
    const { filters } = filtersFromSearchParams(new URLSearchParams("from=2026-12-01T05:00:00Z&offset=200&limit=200"));
    expect(withoutPaging(filters)).toEqual({ from: "2026-12-01T05:00:00Z" });
    expect(filtersToQuery(filters)).toBe("from=2026-12-01T05%3A00%3A00Z&limit=200&offset=200");
  });
});

describe("the header search box", () => {
  it("opens a trace id as before, and reads anything else X-Request-ID accepts as a request id", () => {
    const id = "4bf92f3577b34da6a3ce929d0e0e4736";
    expect(headerSearchTarget(`00-${id}-00f067aa0ba902b7-01`)).toEqual({ traceId: id });
    expect(headerSearchTarget(" 7f3c2a1e-9b4d-4c8e-a2f1-3d5e6f7a8b9c ")).toEqual({ requestId: "7f3c2a1e-9b4d-4c8e-a2f1-3d5e6f7a8b9c" });
    expect(headerSearchTarget("req_42")).toEqual({ requestId: "req_42" });
    expect(headerSearchTarget("two words")).toBeNull();
    expect(headerSearchTarget("")).toBeNull();
  });

  it("goes to the one trace of a request id, else to the list filtered by it", () => {
    expect(requestIdDestination("req-1", ["4bf92f3577b34da6a3ce929d0e0e4736"])).toBe("/traces/4bf92f3577b34da6a3ce929d0e0e4736");
    expect(requestIdDestination("req-1", ["a".repeat(32), "b".repeat(32)])).toBe("/traces?requestId=req-1");
    expect(requestIdDestination("req-1", [])).toBe("/traces?requestId=req-1");
  });
});

describe("span-level filters in the URL", () => {
  it("keeps a span status and an attribute condition, and names a condition it cannot read", () => {
    const { filters, problems } = filtersFromSearchParams(new URLSearchParams("spanStatus=error&attr=http.status_code>=500&requestId=req-9"));
    expect(filters).toEqual({ spanStatus: "error", attr: "http.status_code>=500", requestId: "req-9" });
    expect(problems).toEqual([]);
    const bad = filtersFromSearchParams(new URLSearchParams("attr=http.status_code>=lots"));
    expect(bad.filters).toEqual({});
    expect(bad.problems[0]).toMatch(/^attr: .*not a number/);
  });
});
