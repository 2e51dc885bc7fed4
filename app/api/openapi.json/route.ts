import { endpointsByDomain } from "@/lib/api/catalog";
import { openApiDocument } from "@/lib/api/openapi";
import { route } from "@/lib/api/route";

export const GET = route(endpointsByDomain.docs.openapi, async () => openApiDocument() as unknown as Record<string, unknown>);
