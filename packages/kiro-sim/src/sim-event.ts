/** One frame the simulator will send, before encoding. */
export type SimEvent =
  | { kind: 'event'; type: string; payload: Record<string, unknown> }
  | { kind: 'exception'; type: string; message: string }
  | { kind: 'error'; code: string; message: string };

export function contentEvent(content: string): SimEvent {
  return { kind: 'event', type: 'assistantResponseEvent', payload: { content } };
}

export function isContentEvent(event: SimEvent): boolean {
  return event.kind === 'event' && event.type === 'assistantResponseEvent';
}
