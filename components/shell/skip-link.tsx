export const MAIN_CONTENT_ID = "main-content";

/** First focusable element on every page: lets keyboard users jump past the header and the navigation. */
export function SkipLink() {
  return (
    <a
      href={`#${MAIN_CONTENT_ID}`}
      className="sr-only focus:not-sr-only focus:fixed focus:top-3 focus:left-3 focus:z-50 focus:rounded-md focus:bg-surface focus:px-4 focus:py-2 focus:text-sm focus:font-medium focus:shadow-lg"
    >
      Skip to content
    </a>
  );
}
