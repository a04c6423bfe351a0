/** A job id made usable inside another job id (BullMQ scheduler ids contain `:`, which ids may not). */
export function jobIdPart(id: string): string {
  return id.replaceAll(':', '-');
}
