"use client";

import { useTheme } from "next-themes";
import { useSyncExternalStore } from "react";
import { Button } from "@/components/ui/button";
import { Icon, type IconName } from "@/components/ui/icon";

type ThemeSetting = "system" | "light" | "dark";

const themeCycle: Record<ThemeSetting, { next: ThemeSetting; label: string; icon: IconName }> = {
  system: { next: "light", label: "system", icon: "system" },
  light: { next: "dark", label: "light", icon: "sun" },
  dark: { next: "system", label: "dark", icon: "moon" },
};

function isThemeSetting(value: string | undefined): value is ThemeSetting {
  return value === "system" || value === "light" || value === "dark";
}

const noopSubscribe = () => () => {};

/** False while hydrating, true afterwards; the server cannot know the stored theme, so nothing theme-specific renders before. */
function useHasMounted(): boolean {
  return useSyncExternalStore(
    noopSubscribe,
    () => true,
    () => false,
  );
}

/** One button cycling system → light → dark; its label says the current setting and what a press does. */
export function ThemeToggle() {
  const { theme, setTheme } = useTheme();
  const mounted = useHasMounted();

  if (!mounted) {
    // Same size as the real button, so the header does not shift when it appears.
    return <Button variant="ghost" size="icon" aria-label="Change colour theme" disabled />;
  }

  const current = themeCycle[isThemeSetting(theme) ? theme : "system"];
  const next = themeCycle[current.next];
  const label = `Colour theme: ${current.label}. Switch to ${next.label}`;
  return (
    <Button variant="ghost" size="icon" aria-label={label} title={label} onClick={() => setTheme(current.next)}>
      <Icon name={current.icon} />
    </Button>
  );
}
