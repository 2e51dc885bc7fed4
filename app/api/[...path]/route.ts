import { unknownApiPath } from "@/lib/api/unmatched";

// Paths no API route serves answer JSON, not the HTML not-found page (routes outside the wrapper: nothing to authorise or document).
export const GET = unknownApiPath;
export const POST = unknownApiPath;
export const PUT = unknownApiPath;
export const PATCH = unknownApiPath;
export const DELETE = unknownApiPath;
