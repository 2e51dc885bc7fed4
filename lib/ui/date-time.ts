/**
 * The console's one time convention: every stamp and axis in one zone — UTC unless the person
 * chose their own — on a 24-hour clock, with the zone printed. Pure (Intl only), so the server and
 * the browser print the same text for the same zone.
 */
export const UTC = "UTC";

/** The cookie that remembers the person's choice: "UTC" or the IANA name of their browser's zone. */
export const TIME_ZONE_COOKIE = "opsdeck-time-zone";

export function isTimeZone(zone: string): boolean {
  try {
    new Intl.DateTimeFormat("en", { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** A stored choice as a zone to print in; anything unknown falls back to UTC. */
export const timeZoneOrUtc = (value: string | undefined | null): string => (value && isTimeZone(value) ? value : UTC);

export type DateTimeStyle =
  /** 2026-11-23 05:13:07 */
  | "date-time"
  /** 05:13 */
  | "time"
  /** 05:13:07 */
  | "time-seconds"
  /** 11-23 05:13 — axes that span days */
  | "day-time";

const formatters = new Map<string, Intl.DateTimeFormat>();
function partsIn(zone: string, ms: number): Record<string, string> {
  let formatter = formatters.get(zone);
  if (!formatter) {
    formatter = new Intl.DateTimeFormat("en-GB", {
      timeZone: zone,
      hourCycle: "h23",
      year: "numeric",
      month: "2-digit",
      day: "2-digit",
      hour: "2-digit",
      minute: "2-digit",
      second: "2-digit",
    });
    formatters.set(zone, formatter);
  }
  return Object.fromEntries(formatter.formatToParts(ms).map((part) => [part.type, part.value]));
}

/** The zone's short name at that instant: "UTC", "EST", "GMT+2". */
export function zoneLabel(zone: string, at: number = Date.now()): string {
  if (zone === UTC) return UTC;
  const name = new Intl.DateTimeFormat("en-US", { timeZone: zone, timeZoneName: "short" }).formatToParts(at).find((part) => part.type === "timeZoneName");
  return name?.value ?? zone;
}

const toMs = (value: string | number | Date): number => (value instanceof Date ? value.getTime() : typeof value === "number" ? value : Date.parse(value));

/** An instant in `zone`, 24-hour; with `labelled` (the default) the zone's name follows. */
export function formatDateTime(value: string | number | Date, zone: string, style: DateTimeStyle = "date-time", labelled = true): string {
  const ms = toMs(value);
  if (!Number.isFinite(ms)) return "—";
  const p = partsIn(zone, ms);
  const text =
    style === "time"
      ? `${p.hour}:${p.minute}`
      : style === "time-seconds"
        ? `${p.hour}:${p.minute}:${p.second}`
        : style === "day-time"
          ? `${p.month}-${p.day} ${p.hour}:${p.minute}`
          : `${p.year}-${p.month}-${p.day} ${p.hour}:${p.minute}:${p.second}`;
  return labelled ? `${text} ${zoneLabel(zone, ms)}` : text;
}

/** The value a `<input type="datetime-local">` shows for an instant, in `zone`. */
export function toDateTimeInput(value: string | number, zone: string): string {
  const p = partsIn(zone, toMs(value));
  return `${p.year}-${p.month}-${p.day}T${p.hour}:${p.minute}`;
}

/** The instant a `<input type="datetime-local">` value means in `zone`; NaN when it is not one. */
export function fromDateTimeInput(text: string, zone: string): number {
  const match = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::(\d\d))?$/.exec(text);
  if (!match) return Number.NaN;
  const [y, mo, d, h, mi, s] = match.slice(1).map((part) => Number(part ?? 0)) as [number, number, number, number, number, number];
  const asUtc = Date.UTC(y, mo - 1, d, h, mi, s);
  // The zone's offset at that wall time: format the UTC guess in the zone and correct by the difference (twice, for DST edges).
  let guess = asUtc;
  for (let i = 0; i < 2; i++) {
    const p = partsIn(zone, guess);
    const shown = Date.UTC(Number(p.year), Number(p.month) - 1, Number(p.day), Number(p.hour), Number(p.minute), Number(p.second));
    guess += asUtc - shown;
  }
  return guess;
}
