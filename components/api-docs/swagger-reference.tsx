"use client";

import SwaggerUI from "swagger-ui-react";
import "swagger-ui-react/swagger-ui.css";
// Must run before Swagger UI parses a document; see the file for why.
import "@/components/api-docs/apidom-registration";

/** Loaded only through `ApiReference`, which keeps it out of the server render and other pages' bundles. */
export default function SwaggerReference({ specUrl }: { specUrl: string }) {
  return <SwaggerUI url={specUrl} docExpansion="list" deepLinking />;
}
