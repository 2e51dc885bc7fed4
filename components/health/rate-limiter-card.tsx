import type { DepsResponse } from "@/lib/health/schemas";
import { FormattedTime } from "@/components/ui/time-zone";
import { Badge } from "@/components/ui/badge";
import { Card, CardContent, CardDescription, CardHeader, CardTitle } from "@/components/ui/card";

/** Where the limiter keeps its state, what it does when that store is away, and whether it is away now. */
export function RateLimiterCard({ limiter }: { limiter: DepsResponse["rateLimiter"] }) {
  return (
    <Card>
      <CardHeader>
        <div className="min-w-0">
          <CardTitle>Rate limiter</CardTitle>
          <CardDescription>
            State in {limiter.store === "redis" ? "Redis, shared by every instance" : "this instance's memory"}; when the store is unreachable it fails{" "}
            {limiter.failMode === "open" ? "open (requests and logins pass unlimited)" : "closed (API calls answer 503, logins are refused)"}.
          </CardDescription>
        </div>
        {limiter.degraded ? <Badge tone="warn">Degraded</Badge> : <Badge tone="ok">OK</Badge>}
      </CardHeader>
      {limiter.lastError ? (
        <CardContent className="text-sm">
          {limiter.degradedSince ? (
            <p>
              Store unreachable since <FormattedTime iso={limiter.degradedSince} />: fail-{limiter.failMode} applies until it answers again.
            </p>
          ) : null}
          <p className="text-muted">
            Last error: {limiter.lastError}
            {limiter.lastErrorAt ? (
              <>
                {" "}
                (<FormattedTime iso={limiter.lastErrorAt} />)
              </>
            ) : null}
          </p>
        </CardContent>
      ) : null}
    </Card>
  );
}
