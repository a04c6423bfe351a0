import type { LiveMemory } from './gateway-inspector.ts';

/** Live memory (after a forced GC) once warm and again at the end, against the chats served between. */
export interface LeakCheck {
  warm: LiveMemory;
  end: LiveMemory;
  gatewayChats: number;
  /** Live JS heap growth per chat: near zero for a gateway that holds nothing per request. */
  retainedHeapBytesPerChat: number;
}

export function leakCheck(warm: LiveMemory, end: LiveMemory, gatewayChats: number): LeakCheck {
  return {
    warm,
    end,
    gatewayChats,
    retainedHeapBytesPerChat:
      gatewayChats > 0 ? (end.heapUsedBytes - warm.heapUsedBytes) / gatewayChats : Number.NaN,
  };
}
