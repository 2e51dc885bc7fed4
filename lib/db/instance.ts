import { randomUUID } from "node:crypto";
import { hostname } from "node:os";

/** This process, as it signs the jobs it claims and runs. */
export const INSTANCE_ID = `${hostname()}:${process.pid}:${randomUUID().slice(0, 8)}`;
