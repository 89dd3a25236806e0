/**
 * The API's connection to the workflow engine. Reads never use it (the database is the read
 * model); commands do, and when the engine cannot be reached they must fail fast with a 503 the
 * client can retry, not hang for the SDK's default ~20 s of retries.
 */
import { Client, Connection, defaultGrpcRetryOptions, isGrpcServiceError, makeGrpcRetryInterceptor, type TLSConfig } from '@temporalio/client';

/** gRPC status codes that mean "the engine is not there right now" (UNAVAILABLE, DEADLINE_EXCEEDED). */
const UNREACHABLE_CODES = new Set([14, 4]);

/** Seconds a client is asked to wait before retrying a command the engine could not take. */
export const ENGINE_RETRY_AFTER_SECONDS = 5;

export async function connectEngine(options: {
  address: string;
  namespace: string;
  /** A production cluster's TLS and API key (scripts/config.ts), passed to the SDK as they are. */
  tls?: TLSConfig | boolean;
  apiKey?: string;
}): Promise<{ client: Client; connection: Connection }> {
  const connection = await Connection.connect({
    address: options.address,
    tls: options.tls,
    apiKey: options.apiKey,
    // About 1.5 s of retries covers a server restart's blip; longer belongs to the client's retry.
    interceptors: [makeGrpcRetryInterceptor(defaultGrpcRetryOptions({ maxAttempts: 4 }))],
  });
  return { client: new Client({ connection, namespace: options.namespace }), connection };
}

/** True when the error (or one of its causes) says the engine could not be reached. */
export function isEngineUnreachable(error: unknown): boolean {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    if (isGrpcServiceError(e) && UNREACHABLE_CODES.has(e.code)) return true;
  }
  return false;
}
