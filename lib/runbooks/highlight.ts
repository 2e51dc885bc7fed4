/**
 * Finding the fields a runbook step says to look at in a live answer. Patterns are dotted paths
 * where `[]` stands for every element of an array: `cacheAge.ttl`, `errors[].errorRate`, `[].durationMs`.
 * Pure, shared by the checklist's answer view and its tests.
 */
export type JsonPath = (string | number)[];

const ANY_INDEX = Symbol("any index");
type Segment = string | typeof ANY_INDEX;

function segments(pattern: string): Segment[] {
  return pattern.split(".").flatMap((part): Segment[] => {
    if (part === "[]") return [ANY_INDEX];
    return part.endsWith("[]") ? [part.slice(0, -2), ANY_INDEX] : [part];
  });
}

/** Whether a concrete path (keys and array indexes) is one of the patterns. */
export function isHighlighted(path: JsonPath, patterns: readonly string[]): boolean {
  return patterns.some((pattern) => {
    const parts = segments(pattern);
    return parts.length === path.length && parts.every((part, index) => (part === ANY_INDEX ? typeof path[index] === "number" : part === path[index]));
  });
}

export interface HighlightedValue {
  pattern: string;
  /** Readable concrete path, e.g. `errors[0].errorRate`. */
  path: string;
  value: unknown;
}

export function formatPath(path: JsonPath): string {
  return path.map((part, index) => (typeof part === "number" ? `[${part}]` : index === 0 ? part : `.${part}`)).join("");
}

function walk(value: unknown, parts: Segment[], path: JsonPath, found: { path: JsonPath; value: unknown }[]): void {
  if (parts.length === 0) {
    found.push({ path, value });
    return;
  }
  const [head, ...rest] = parts;
  if (head === ANY_INDEX) {
    if (Array.isArray(value)) value.forEach((item, index) => walk(item, rest, [...path, index], found));
  } else if (value !== null && typeof value === "object" && !Array.isArray(value) && Object.hasOwn(value, head!)) {
    walk((value as Record<string, unknown>)[head!], rest, [...path, head!], found);
  }
}

/**
 * Every value of the answer the patterns point at; absent fields are left out. Values of one
 * array element stay together (`errors[0].endpoint`, `errors[0].errorRate`, then `errors[1]…`),
 * and within an element they follow the patterns' order.
 */
export function highlightedValues(answer: unknown, patterns: readonly string[]): HighlightedValue[] {
  const hits = patterns.flatMap((pattern, order) => {
    const found: { path: JsonPath; value: unknown }[] = [];
    walk(answer, segments(pattern), [], found);
    return found.map((hit) => ({ pattern, order, indexes: hit.path.filter((part) => typeof part === "number"), path: hit.path, value: hit.value }));
  });
  const byElement = (a: (typeof hits)[number], b: (typeof hits)[number]) => {
    for (let index = 0; index < Math.min(a.indexes.length, b.indexes.length); index++) {
      if (a.indexes[index] !== b.indexes[index]) return (a.indexes[index] as number) - (b.indexes[index] as number);
    }
    return a.order - b.order;
  };
  return hits.sort(byElement).map((hit) => ({ pattern: hit.pattern, path: formatPath(hit.path), value: hit.value }));
}
