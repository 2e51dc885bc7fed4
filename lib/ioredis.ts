import { Redis } from "ioredis";

/**
 * ioredis, for every module that makes a client: importing it through here keeps string methods fast.
 *
 * ioredis declares `class VerbatimString extends String`. When an object first becomes another's
 * prototype, V8 turns it into a dictionary ("prototype setup mode"), and String.prototype stays
 * one until a property lookup through an object inheriting from it makes it fast again. Until
 * then every string method call on every string (indexOf, charCodeAt, slice) takes a slower path:
 * the line-protocol parser took 1.1 µs a line with ioredis loaded, 0.46 µs without it or after
 * this (bench/metrics/parse.ts; lib/ioredis.test.ts holds both sides).
 */
function makeStringPrototypeFast(): void {
  const inheriting = Object.create(String.prototype) as { opsdeckProbe?: unknown };
  // A lookup from an inline cache with feedback does it; V8 gives a function feedback only after a few calls.
  for (let call = 0; call < 100; call++) readProbe(inheriting);
}

function readProbe(object: { opsdeckProbe?: unknown }): unknown {
  return object.opsdeckProbe;
}

makeStringPrototypeFast();

export { Redis };
