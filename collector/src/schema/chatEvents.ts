/**
 * Chat on the page: what a conversation did, never what was said unless the site opted in
 * (`data-chat-text="true"`). The collector derives first-response time, length and outcome at read
 * (see `chat/deriveConversations.ts`).
 *
 *   channel         where the chat happened: a vendor name (`crisp`, `intercom`, …) or the site's own
 *   agent           agent or bot name shown to the visitor, when the widget tells us
 *   conversationId  the vendor's conversation id, when it tells us (groups events across page loads)
 *   from            who sent a message
 *   length          characters in the message (counted in the browser; the text itself stays there)
 *   text            the message, only when the site opted in
 *   resolved        the conversation ended with the visitor's question answered
 *   rating          the visitor's rating, 1 (bad) … 5 (good)
 */
import * as z from 'zod';
import { TYPE } from './vocabulary';
import { LIMITS } from './limits';
import type { Envelope } from './event';

/** Channel, agent and conversation ids: the SDK caps each at 200 characters. */
const shortText = z.string().min(1).max(200);

/**
 * Built from the shared envelope that `event.ts` passes in: importing it from `event.ts` here would be an
 * import cycle (event.ts imports this file for its union), which breaks at module evaluation.
 */
export function chatSchemas(envelope: Envelope) {
  const chatStartedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.chatStarted),
    props: z.object({
      channel: shortText,
      agent: shortText.optional(),
      conversationId: shortText.optional(),
    }),
  });

  const chatMessageSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.chatMessage),
    props: z.object({
      from: z.enum(['visitor', 'agent', 'bot']),
      length: z.number().int().min(0).max(2 ** 32).optional(),
      text: z.string().max(LIMITS.textLength).optional(),
      channel: shortText.optional(),
      conversationId: shortText.optional(),
    }),
  });

  const chatEndedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.chatEnded),
    props: z.object({
      resolved: z.boolean(),
      rating: z.number().int().min(1).max(5).optional(),
      channel: shortText.optional(),
      conversationId: shortText.optional(),
    }),
  });
  return [chatStartedSchema, chatMessageSchema, chatEndedSchema] as const;
}


export type ChatStartedEvent = z.infer<ReturnType<typeof chatSchemas>[0]>;
export type ChatMessageEvent = z.infer<ReturnType<typeof chatSchemas>[1]>;
export type ChatEndedEvent = z.infer<ReturnType<typeof chatSchemas>[2]>;
