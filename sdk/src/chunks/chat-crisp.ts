/**
 * Crisp adapter: hooks the `$crisp` queue (https://docs.crisp.chat/guides/chatbox-sdks/web-sdk/dollar-crisp/),
 * `["on", event, callback]`: chat:opened starts, message:sent / message:received are visitor / operator
 * messages (a bot when the message's origin is a bot), chat:closed ends if something was said.
 */
import { chatSession } from '../lib/chatSession';
import type { Hoptrail } from '../types';

type CrispMessage = { content?: unknown; from?: string; origin?: string; user?: { nickname?: string } };

export default function crisp(t: Hoptrail) {
  const w = window as unknown as { $crisp?: unknown[] };
  const s = chatSession(t, 'crisp');
  const on = (event: string, cb: (m: CrispMessage) => void) => w.$crisp!.push(['on', event, s.guard(cb)]);
  on('chat:opened', () => s.start());
  on('message:sent', (m) => s.message('visitor', m?.content));
  on('message:received', (m) => s.message(/bot/i.test(m?.origin || '') ? 'bot' : 'agent', m?.content));
  on('chat:closed', () => s.closed());
}
