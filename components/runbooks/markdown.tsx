import Link from "next/link";
import Markdown, { type Components } from "react-markdown";
import remarkGfm from "remark-gfm";
import { cn } from "@/lib/ui/cn";

const components: Components = {
  a: ({ href = "", children }) =>
    href.startsWith("/") ? (
      <Link href={href} className="text-accent underline underline-offset-2">
        {children}
      </Link>
    ) : (
      <a href={href} className="text-accent underline underline-offset-2" target="_blank" rel="noreferrer">
        {children}
      </a>
    ),
  code: ({ children }) => <code className="rounded bg-surface-muted px-1 py-0.5 font-mono text-[0.85em] break-words">{children}</code>,
  pre: ({ children }) => <pre className="overflow-x-auto rounded-md bg-surface-muted p-3 text-xs">{children}</pre>,
  ul: ({ children }) => <ul className="list-disc space-y-1 pl-5">{children}</ul>,
  ol: ({ children }) => <ol className="list-decimal space-y-1 pl-5">{children}</ol>,
  p: ({ children }) => <p className="leading-relaxed">{children}</p>,
};

/** Runbook text (Markdown from lib/runbooks/content), rendered with Opsdeck's look; no raw HTML. */
export function RunbookMarkdown({ children, className }: { children: string; className?: string }) {
  return (
    <div className={cn("space-y-2 text-sm", className)}>
      <Markdown remarkPlugins={[remarkGfm]} components={components}>
        {children}
      </Markdown>
    </div>
  );
}
