// Reply helpers of the knowledge capabilities: the shared ones (src/bot/reply.ts), and an error answer
// whose code follows from the status.
import type { AdaptiveCardInvokeResponse } from 'botbuilder';
import { errorResponse as sharedError } from '../../src/bot/reply.js';

export { cardResponse, messageResponse, say, sendCard } from '../../src/bot/reply.js';

export function errorResponse(statusCode: number, message: string): AdaptiveCardInvokeResponse {
  return sharedError(statusCode, statusCode === 403 ? 'Forbidden' : 'BadRequest', message);
}
