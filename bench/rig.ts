import { captureDirectRequest } from './capture-direct-request.ts';
import { gatewayRequest, type RequestShape } from './request-shape.ts';

/** What every phase needs to reach the processes under test and observe them. */
export interface Rig {
  simUrl: string;
  gatewayUrl: string;
  /** The minimal proxy of reference-proxy.ts: this machine's floor for any Node proxy. */
  referenceUrl: string;
  simPid: number;
  gatewayPid: number;
  referencePid: number;
  proxyApiKey: string;
  /** A simulator access token for direct calls. */
  accessToken: string;
}

export type ClientFormat = 'openai' | 'anthropic';

/** The same chat through the gateway and, as the gateway forwards it, straight to the simulator. */
export interface RequestPair {
  format: ClientFormat;
  gateway: RequestShape;
  direct: RequestShape;
}

export async function requestPair(
  rig: Rig,
  format: ClientFormat,
  prompt: string,
  stream: boolean,
): Promise<RequestPair> {
  const gateway = gatewayRequest({
    format,
    origin: rig.gatewayUrl,
    proxyApiKey: rig.proxyApiKey,
    prompt,
    stream,
  });
  const direct = await captureDirectRequest(gateway, prompt, rig.simUrl, rig.accessToken);
  return { format, gateway, direct };
}

/** Points a direct request at the reference proxy, which forwards it to the simulator unchanged. */
export function viaReference(rig: Rig, direct: RequestShape): RequestShape {
  return { ...direct, origin: rig.referenceUrl };
}

/** The process in the middle of a leg, whose CPU the leg is about (the simulator's for direct legs). */
export type Middle = 'sim' | 'reference' | 'gateway';

export function middlePid(rig: Rig, middle: Middle): number {
  return middle === 'sim' ? rig.simPid : middle === 'reference' ? rig.referencePid : rig.gatewayPid;
}

/** Alternates which side goes first each round, so warm-up and drift do not favour one side. */
export function roundOrder<T>(round: number, pair: readonly [T, T]): readonly [T, T] {
  return round % 2 === 0 ? pair : [pair[1], pair[0]];
}
