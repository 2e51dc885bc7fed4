import { z } from "zod";
import { defineEndpoint } from "@/lib/api/endpoint";
import { edgeAccessSchema } from "@/lib/edge/schemas";

/** What flag edges (scripts/flag-edge.ts) fetch from Opsdeck besides the flags themselves. */
export const edgeEndpoints = {
  access: defineEndpoint({
    method: "GET",
    path: "/api/edge/access",
    access: "admin",
    summary: "For flag edges: the hashes of the valid API tokens and the rate limits; ETag + If-None-Match → 304",
    description: "Edges check callers' tokens themselves from this set. It holds token hashes, so only an admin token (the edge's) may read it.",
    tags: ["Flag edge"],
    response: edgeAccessSchema,
    otherResponses: { 304: "Nothing changed since the ETag sent" },
  }),
  accessStream: defineEndpoint({
    method: "GET",
    path: "/api/edge/access/stream",
    access: "admin",
    summary: "For flag edges: server-sent events, an `access` event now and after every token or rate-limit change",
    tags: ["Flag edge"],
    response: z.string().describe("text/event-stream; each `access` event's data is an EdgeAccess document"),
    responseContentType: "text/event-stream",
  }),
};
