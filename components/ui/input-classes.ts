/** The look of text inputs and selects, so every form field in the console matches. */
export const inputClasses = "h-10 w-full rounded-md border border-border bg-surface px-3 text-sm focus:border-accent focus:outline-none";
