import { handlers } from "@/lib/auth/next-auth";

// Auth.js owns these routes (sign-in, callback, sign-out, CSRF token); they are not part of Opsdeck's API.
export const { GET, POST } = handlers;
