import { cn } from "@/lib/ui/cn";

/** Outline icons on a 24 × 24 grid, drawn for Opsdeck; each is a list of SVG path strings. */
const iconPaths = {
  overview: ["M4 4h7v7H4z", "M13 4h7v7h-7z", "M4 13h7v7H4z", "M13 13h7v7h-7z"],
  flag: ["M5 21V4", "M5 4h12l-2.5 4 2.5 4H5"],
  metrics: ["M4 20h16", "M4 16l5-5 4 3 7-8"],
  traces: ["M4 6h10", "M7 12h10", "M10 18h10"],
  pools: [
    "M4 6c0-1.7 3.6-3 8-3s8 1.3 8 3-3.6 3-8 3-8-1.3-8-3z",
    "M4 6v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6",
    "M4 12c0 1.7 3.6 3 8 3s8-1.3 8-3",
  ],
  ratelimit: ["M4 18a8 8 0 1 1 16 0", "M12 18l4-5"],
  runbooks: ["M5 4h11a3 3 0 0 1 3 3v13H8a3 3 0 0 1-3-3z", "M5 17a3 3 0 0 1 3-3h11"],
  incidents: ["M12 4l9 16H3z", "M12 10v4", "M12 17v.5"],
  health: ["M3 12h4l2-5 4 10 2-5h6"],
  api: ["M8 7l-5 5 5 5", "M16 7l5 5-5 5"],
  menu: ["M4 7h16", "M4 12h16", "M4 17h16"],
  close: ["M6 6l12 12", "M18 6L6 18"],
  sun: [
    "M12 8a4 4 0 1 0 0 8 4 4 0 0 0 0-8z",
    "M12 2v2",
    "M12 20v2",
    "M4.9 4.9l1.4 1.4",
    "M17.7 17.7l1.4 1.4",
    "M2 12h2",
    "M20 12h2",
    "M4.9 19.1l1.4-1.4",
    "M17.7 6.3l1.4-1.4",
  ],
  moon: ["M20 14.5A8 8 0 1 1 9.5 4a6.5 6.5 0 0 0 10.5 10.5z"],
  system: ["M3 5h18v11H3z", "M8 20h8", "M12 16v4"],
  arrowLeft: ["M19 12H5", "M11 6l-6 6 6 6"],
  audit: ["M7 4h10v16H7z", "M10 8h4", "M10 12h4", "M10 16h2"],
  people: ["M9 11a3 3 0 1 0 0-6 3 3 0 0 0 0 6z", "M3 20a6 6 0 0 1 12 0", "M16 5a3 3 0 0 1 0 6", "M18 14a6 6 0 0 1 3 6"],
  token: ["M8 15a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M12 11h9", "M18 11v3", "M21 11v2"],
  alerts: ["M6 16V11a6 6 0 0 1 12 0v5l2 2H4z", "M10 20a2 2 0 0 0 4 0"],
  slo: ["M12 21a9 9 0 1 0 0-18 9 9 0 0 0 0 18z", "M12 16a4 4 0 1 0 0-8 4 4 0 0 0 0 8z", "M12 12h.01"],
} as const satisfies Record<string, readonly string[]>;

export type IconName = keyof typeof iconPaths;

/** Decorative: always aria-hidden, so the surrounding text or aria-label must name the action. */
export function Icon({ name, className }: { name: IconName; className?: string }) {
  return (
    <svg
      viewBox="0 0 24 24"
      fill="none"
      stroke="currentColor"
      strokeWidth={1.75}
      strokeLinecap="round"
      strokeLinejoin="round"
      aria-hidden="true"
      focusable="false"
      className={cn("size-5 shrink-0", className)}
    >
      {iconPaths[name].map((d) => (
        <path key={d} d={d} />
      ))}
    </svg>
  );
}
