import { getContainerRuntimeClient } from 'testcontainers';
import { describeFailure } from './service-location.ts';

/** Undefined when a Docker-compatible engine answers, else why not. */
export async function containerRuntimeProblem(): Promise<string | undefined> {
  try {
    await getContainerRuntimeClient();
    return undefined;
  } catch (error) {
    return `no container runtime (${describeFailure(error)})`;
  }
}
