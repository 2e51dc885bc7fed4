/** Set by proxy.ts on every page request: the path and query the person asked for. */
export const RETURN_TO_HEADER = "x-opsdeck-return-to";
