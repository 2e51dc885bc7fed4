import { z } from "zod";

/**
 * What storage holds, for schemas to bound their numbers and indexed text by: a query string of
 * 1e308 or twenty nines must be a 400 at the schema, not a BigInt or PostgreSQL range error later.
 */
export const INT32_MAX = 2_147_483_647;
export const INT64_MAX = 9_223_372_036_854_775_807n;

const DIGITS = /^\d{1,19}$/;

/** A decimal string for a bigint column (ids, cursors): at most INT64_MAX. */
export const int64Digits = (message: string) =>
  z
    .string()
    .regex(DIGITS, message)
    // zod runs every check even after one failed: only digits may reach BigInt.
    .refine((value) => !DIGITS.test(value) || BigInt(value) <= INT64_MAX, message);

const encoder = new TextEncoder();

/** Text that goes into a btree index, which holds about 2.7 kB a row: bounded in UTF-8 bytes, not characters. */
export const indexedText = (maxBytes: number) =>
  z
    .string()
    .min(1)
    .refine((value) => encoder.encode(value).length <= maxBytes, `at most ${maxBytes} bytes of UTF-8 (it is indexed)`);
