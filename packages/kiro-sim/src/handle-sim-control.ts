import type { IncomingMessage, ServerResponse } from 'node:http';
import { z } from 'zod';
import { parseJson, readBody, sendJson } from './http-io.ts';
import type { SimContext } from './sim-context.ts';
import type { SimControl } from './sim-control.ts';

const faultRequest = z.object({
  fault: z.string().min(1),
  count: z.number().int().positive().default(1),
  target: z.enum(['chat', 'refresh']).default('chat'),
});
const tokenRequest = z.object({
  refreshToken: z.string().min(1),
  state: z.enum(['active', 'revoked', 'suspended', 'quota-exhausted']).optional(),
  clientId: z.string().min(1).optional(),
  clientSecret: z.string().min(1).optional(),
});
const expireRequest = z.object({ refreshToken: z.string().min(1).optional() });

/** The `/__sim/*` control API; answers false when the path is not one of its routes. */
export async function handleSimControl(
  context: SimContext,
  control: SimControl,
  request: IncomingMessage,
  response: ServerResponse,
  path: string,
): Promise<boolean> {
  const route = `${request.method} ${path}`;
  switch (route) {
    case 'GET /__sim/stats':
      sendJson(response, 200, context.stats.snapshot());
      return true;
    case 'POST /__sim/reset':
      control.reset();
      sendJson(response, 200, { reset: true });
      return true;
    case 'GET /__sim/faults':
      sendJson(response, 200, control.pendingFaults());
      return true;
    case 'DELETE /__sim/faults':
      control.clearFaults();
      sendJson(response, 200, control.pendingFaults());
      return true;
    case 'POST /__sim/faults': {
      const input = await parseBody(request, response, faultRequest);
      if (!input) return true;
      try {
        control.queueFaults(input.fault, input.count, input.target);
      } catch (error) {
        sendJson(response, 400, { error: (error as Error).message });
        return true;
      }
      sendJson(response, 200, control.pendingFaults());
      return true;
    }
    case 'POST /__sim/tokens': {
      const input = await parseBody(request, response, tokenRequest);
      if (!input) return true;
      if ((input.clientId === undefined) !== (input.clientSecret === undefined)) {
        sendJson(response, 400, { error: 'clientId and clientSecret go together' });
        return true;
      }
      const registered = control.registerToken({
        refreshToken: input.refreshToken,
        ...(input.clientId !== undefined && { clientId: input.clientId, clientSecret: input.clientSecret }),
      });
      sendJson(
        response,
        200,
        input.state ? control.setTokenState(input.refreshToken, input.state) : registered,
      );
      return true;
    }
    case 'POST /__sim/expire-access-tokens': {
      const input = await parseBody(request, response, expireRequest);
      if (!input) return true;
      sendJson(response, 200, { expired: control.expireAccessTokens(input.refreshToken) });
      return true;
    }
    default:
      return false;
  }
}

async function parseBody<T>(
  request: IncomingMessage,
  response: ServerResponse,
  schema: z.ZodType<T>,
): Promise<T | undefined> {
  const raw = await readBody(request);
  const parsed = schema.safeParse(raw.length === 0 ? {} : parseJson(raw));
  if (parsed.success) return parsed.data;
  sendJson(response, 400, { error: z.prettifyError(parsed.error) });
  return undefined;
}
