"use client";

import { createParser, parseAsString, useQueryState } from "nuqs";
import type { z } from "zod";

/**
 * The console's one way to keep view state in the URL (every view is a link): nuqs, with values
 * parsed by zod schemas. A value the schema refuses reads as absent — the view falls back to its
 * default — and `urlProblems` says what was wrong, so the fallback is visible.
 */
export const parseAsSchema = <T>(schema: z.ZodType<T>, serialize: (value: T) => string = String) =>
  createParser<T>({
    parse: (text) => {
      const result = schema.safeParse(text);
      return result.success ? result.data : null;
    },
    serialize,
  });

/** Replace, not push: changing a filter is not a navigation to come back through. */
export const URL_STATE_OPTIONS = { history: "replace", scroll: false } as const;

/**
 * One string parameter as state. `reloadServer` for pages whose server component reads it too
 * (the runbook search), so the server renders the new answer.
 */
export function useUrlParam(name: string, { reloadServer = false }: { reloadServer?: boolean } = {}) {
  return useQueryState(name, parseAsString.withOptions({ ...URL_STATE_OPTIONS, shallow: !reloadServer }));
}

/** Parsers for several string parameters, for `useQueryStates`; the caller checks the values with its schema. */
export const stringParsers = <K extends string>(keys: readonly K[]) =>
  Object.fromEntries(keys.map((key) => [key, parseAsString])) as Record<K, typeof parseAsString>;

/** What a link's parameters got wrong, in words ("from: \"yesterday\" is not a date and time"). */
export function urlProblems(search: URLSearchParams | Record<string, string | string[] | undefined>, schemas: Record<string, z.ZodType>): string[] {
  const get = (name: string) => {
    if (search instanceof URLSearchParams) return search.get(name) ?? undefined;
    const value = search[name];
    return Array.isArray(value) ? value[0] : value;
  };
  const problems: string[] = [];
  for (const [name, schema] of Object.entries(schemas)) {
    const value = get(name);
    if (value === undefined || value === "") continue;
    const result = schema.safeParse(value);
    if (!result.success) problems.push(`${name}: "${value}" ${result.error.issues[0]?.message ?? "is not valid"}`);
  }
  return problems;
}
