/** What each demo part (flags, metrics, rate limits, traces, incidents) offers the demo runner. */
export interface DemoContext {
  baseUrl: string;
  token: string;
}

export interface DemoPart {
  name: string;
  seed?: () => Promise<void>;
  simulate?: (context: DemoContext) => () => Promise<void>;
}
