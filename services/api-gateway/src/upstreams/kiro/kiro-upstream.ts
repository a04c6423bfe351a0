import type { Lease } from '@kirogate/contracts';
import type { KiroClient } from '@kirogate/kiro';
import { fromKiroEventBatches, kiroEventBatchesFromBytes, type StreamEvent } from '@kirogate/protocol';
import { type DebugDump, DebugDumps } from '../../debug/debug-dumps.ts';
import type { Upstream } from '../upstream.ts';
import type { KiroConversion } from './kiro-conversion.ts';

/**
 * Kiro's generateAssistantResponse: the body goes out with the lease's access token; the AWS
 * event-stream answer is decoded (CRC-checked) and converted to canonical events, one batch per
 * upstream read, in one synchronous pass per read.
 */
export class KiroUpstream implements Upstream<KiroConversion> {
  readonly #client: KiroClient;

  constructor(client: KiroClient) {
    this.#client = client;
  }

  async open(
    conversion: KiroConversion,
    lease: Lease,
    signal: AbortSignal,
  ): Promise<AsyncIterator<StreamEvent[]>> {
    const auth = {
      accessToken: lease.accessToken,
      authKind: lease.authKind,
      machineId: lease.machineId,
      ...(lease.profileArn ? { profileArn: lease.profileArn } : {}),
    };
    const dump = DebugDumps.current();
    dump?.kiroBodies.push(conversion.body);
    const response = await this.#client.generateAssistantResponse(conversion.body, auth, { signal });
    const bytes = dump ? copied(response, dump) : response;
    const events = fromKiroEventBatches(kiroEventBatchesFromBytes(bytes), {
      inputTokens: conversion.inputTokens,
      toolNameMap: conversion.toolNameMap,
      thinkingRequested: conversion.thinkingRequested,
    });
    return events[Symbol.asyncIterator]();
  }
}

/** Kiro's bytes as they arrive, also copied to the request's debug dump. */
async function* copied(bytes: AsyncIterable<Uint8Array>, dump: DebugDump): AsyncGenerator<Uint8Array> {
  for await (const chunk of bytes) {
    dump.raw(chunk);
    yield chunk;
  }
}
