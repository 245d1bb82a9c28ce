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
import * as z from './zod';
import { TYPE } from './vocabulary';
import { LIMITS } from './limits';
import type { Envelope } from './event';

/** Channel, agent and conversation ids: the SDK caps each at 200 characters. */
const shortText = z.string().check(z.minLength(1), z.maxLength(200));

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
      agent: z.optional(shortText),
      conversationId: z.optional(shortText),
    }),
  });

  const chatMessageSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.chatMessage),
    props: z.object({
      from: z.enum(['visitor', 'agent', 'bot']),
      length: z.optional(z.number().check(z.int(), z.gte(0), z.lte(2 ** 32))),
      text: z.optional(z.string().check(z.maxLength(LIMITS.textLength))),
      channel: z.optional(shortText),
      conversationId: z.optional(shortText),
    }),
  });

  const chatEndedSchema = z.object({
    ...envelope,
    type: z.literal(TYPE.chatEnded),
    props: z.object({
      resolved: z.boolean(),
      rating: z.optional(z.number().check(z.int(), z.gte(1), z.lte(5))),
      channel: z.optional(shortText),
      conversationId: z.optional(shortText),
    }),
  });
  return [chatStartedSchema, chatMessageSchema, chatEndedSchema] as const;
}


export type ChatStartedEvent = z.infer<ReturnType<typeof chatSchemas>[0]>;
export type ChatMessageEvent = z.infer<ReturnType<typeof chatSchemas>[1]>;
export type ChatEndedEvent = z.infer<ReturnType<typeof chatSchemas>[2]>;
