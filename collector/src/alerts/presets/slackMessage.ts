import { describeOccurrence, personLabel } from '../describeOccurrence';
import { cardUrl, type PersonFacts } from '../describePerson';
import type { Occurrence } from '../occurrence';

/**
 * A Slack incoming-webhook message in Block Kit: a header, the person and what happened, the Happy
 * Index, and a button to the customer card. `text` is the notification fallback Slack shows where blocks
 * cannot be (Slack: "Sending messages using incoming webhooks", "Block Kit": section, fields, actions).
 */
export function slackMessage(o: Occurrence, facts: PersonFacts, dashboard: string) {
  const who = personLabel(facts);
  const what = describeOccurrence(o);
  const link = cardUrl(dashboard, o.person);
  const hi = `${facts.happyIndex.score} (${facts.happyIndex.band})`;
  return {
    text: `${who} ${what}. Happy Index ${hi}. ${link}`,
    blocks: [
      { type: 'header', text: { type: 'plain_text', text: headerOf(o), emoji: true } },
      { type: 'section', text: { type: 'mrkdwn', text: `*${escape(who)}* ${escape(what)}` } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: `*Happy Index*\n${hi}` },
          { type: 'mrkdwn', text: `*Customer*\n${escape(o.person.customerId ?? 'anonymous')}` },
        ],
      },
      {
        type: 'actions',
        elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open customer card' }, url: link, action_id: 'hoptrail_card' }],
      },
    ],
  };
}

function headerOf(o: Occurrence): string {
  if (o.kind === 'survey_answer') return `New ${o.answer.questionType.toUpperCase()} answer`;
  if (o.kind === 'segment') return o.segment.change === 'enter' ? `Entered ${o.segment.id}` : `Left ${o.segment.id}`;
  if (o.kind === 'ticket') return o.ticket.change === 'reopened' ? 'Ticket reopened' : 'Ticket open too long';
  return 'Happy Index dropped';
}

/** Slack mrkdwn treats &, < and > as control characters (Slack: "Formatting text for app surfaces"). */
const escape = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
