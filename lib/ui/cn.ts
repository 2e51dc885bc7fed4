export type ClassValue = string | false | null | undefined;

/**
 * Joins class names, skipping falsy ones: `cn("px-2", active && "font-semibold")`.
 * It does not resolve conflicting Tailwind utilities, so components put caller classes last
 * and avoid setting the same property twice.
 */
export function cn(...classes: ClassValue[]): string {
  return classes.filter(Boolean).join(" ");
}
