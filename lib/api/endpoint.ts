import type { z } from "zod";
import type { Access } from "@/lib/auth/roles";
import type { BucketRule } from "@/lib/ratelimit/bucket";

export type HttpMethod = "GET" | "POST" | "PUT" | "PATCH" | "DELETE";

/**
 * What one API operation is: its path (OpenAPI style, `{param}`), who may call it, and the zod
 * schemas of its input and output. The same object drives the route wrapper, the OpenAPI
 * document and the access-matrix test, so the three cannot drift apart.
 */
export interface Endpoint<
  P extends z.ZodType = z.ZodType,
  Q extends z.ZodType = z.ZodType,
  B extends z.ZodType = z.ZodType,
  R extends z.ZodType = z.ZodType,
> {
  method: HttpMethod;
  path: string;
  access: Access;
  summary: string;
  description?: string;
  tags: string[];
  params?: P;
  query?: Q;
  /** A JSON body, parsed whatever the Content-Type says (runbooks' `curl -d` sends none). */
  body?: B;
  /** Set for bodies that are not JSON (line protocol, OTLP protobuf): the handler reads `req` itself. */
  rawBody?: { contentTypes: string[] };
  response: R;
  /** Default 200. */
  successStatus?: number;
  /** Default application/json. */
  responseContentType?: string;
  /**
   * Other answers worth documenting, e.g. { 409: "the version sent is stale" }: in Opsdeck's error
   * shape, unless given with their own schema (OFREP's and OTLP's errors).
   */
  otherResponses?: Record<number, string | OwnShapeResponse>;
  /** Success answers in several encodings (OTLP: the request's); default [responseContentType]. */
  responseContentTypes?: string[];
  bodyLimitBytes?: number;
  rateLimit?: BucketRule;
  /**
   * A health probe for load balancers and kubelets, never rate limited (a kubelet probing every
   * 10 s would exhaust an anonymous quota). "anonymous" never reads a credential either, so the
   * wrapper does no I/O before the handler; "reads-caller" resolves one, to show a viewer more.
   */
  probe?: "anonymous" | "reads-caller";
}

export interface OwnShapeResponse {
  description: string;
  schema: z.ZodType;
  /** Default application/json. */
  contentTypes?: string[];
}

export const defineEndpoint = <P extends z.ZodType, Q extends z.ZodType, B extends z.ZodType, R extends z.ZodType>(
  endpoint: Endpoint<P, Q, B, R>,
): Endpoint<P, Q, B, R> => endpoint;
