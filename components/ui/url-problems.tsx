/** Shown when a link carried values the page could not use: what was wrong, and what it shows instead. */
export function UrlProblems({ problems, fallback }: { problems: string[]; fallback: string }) {
  if (problems.length === 0) return null;
  return (
    <div role="alert" className="mb-4 rounded-md border border-amber-400/60 bg-amber-500/10 px-3 py-2 text-sm">
      <p className="font-medium">This link has values that could not be used; {fallback}</p>
      <ul className="mt-1 list-disc pl-5">
        {problems.map((problem) => (
          <li key={problem}>{problem}</li>
        ))}
      </ul>
    </div>
  );
}
