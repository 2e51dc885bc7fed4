import { Badge } from "@/components/ui/badge";
import { Button } from "@/components/ui/button";
import { signOutEverywhere } from "@/lib/auth/actions";
import type { SessionClaims } from "@/lib/auth/session";

/** Who is signed in, with their role, and the way out. A native disclosure: keyboard and screen readers work without script. */
export function UserMenu({ person }: { person: SessionClaims }) {
  const initial = person.name.trim().charAt(0).toUpperCase() || "?";
  return (
    <details className="group relative">
      <summary
        aria-label={`Account: ${person.name} (${person.role})`}
        className="flex h-10 cursor-pointer list-none items-center gap-2 rounded-md px-2 text-sm hover:bg-surface-muted [&::-webkit-details-marker]:hidden"
      >
        <span aria-hidden="true" className="flex size-7 items-center justify-center rounded-full bg-accent-soft font-semibold text-accent">
          {initial}
        </span>
        <span className="hidden max-w-40 truncate sm:inline">{person.name}</span>
      </summary>
      <div className="absolute right-0 z-40 mt-1 w-64 rounded-md border border-border bg-surface p-3 shadow-lg">
        <p className="truncate font-medium">{person.name}</p>
        {person.email ? <p className="truncate text-sm text-muted">{person.email}</p> : null}
        <p className="mt-2 text-sm">
          Role <Badge>{person.role}</Badge>
        </p>
        <form action={signOutEverywhere} className="mt-3">
          <Button type="submit" variant="secondary" size="sm" className="w-full">
            Sign out
          </Button>
        </form>
      </div>
    </details>
  );
}
