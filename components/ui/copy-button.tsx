"use client";

import { useState } from "react";
import { Button } from "@/components/ui/button";

/** Copies `text` to the clipboard and says so; `what` names it for screen readers ("Copy command", "Command copied"). */
export function CopyButton({ text, what = "command" }: { text: string; what?: string }) {
  const [copied, setCopied] = useState(false);
  return (
    <Button
      size="sm"
      variant="secondary"
      onClick={() => void navigator.clipboard.writeText(text).then(() => setCopied(true), () => setCopied(false))}
      aria-label={copied ? `${what.charAt(0).toUpperCase()}${what.slice(1)} copied` : `Copy ${what}`}
    >
      {copied ? "Copied" : "Copy"}
    </Button>
  );
}
