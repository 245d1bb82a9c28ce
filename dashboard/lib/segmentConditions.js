// The conditions the segment builder offers, one entry each: its rule key (collector
// segments/segmentRule.ts), its label, and its inputs. A new condition kind is one more entry here once
// the collector's rule schema accepts it.
//
// A field `{ name, label, kind }` becomes `{ [key]: { [name]: value } }` in the rule; a field without a
// name is the condition's whole value (`{ campaign: 'nov' }`). Empty optional fields are left out, so
// the API's defaults apply; numbers are sent as numbers, and the API's 400 names the field when a value
// is out of range.
import { CHANNEL_LABELS, CHANNELS } from '../channels.js';
import { BANDS, TYPE } from '../vocabulary.js';

const days = (label, value) => ({ name: 'withinDays', label, kind: 'number', min: 1, value });

/** @typedef {{ name?: string, label: string, kind: 'number'|'text'|'select', min?: number, value?: string|number, optional?: boolean, options?: (ctx) => [string, string][] }} Field */
/** @type {{ key: string, label: string, fields: Field[] }[]} */
export const CONDITIONS = [
  {
    key: 'did',
    label: 'Did an event',
    fields: [
      { name: 'type', label: 'Event type', kind: 'select', options: () => Object.values(TYPE).map((t) => [t, t]), value: TYPE.pageview },
      { name: 'name', label: 'Event name', kind: 'text', optional: true },
      { name: 'atLeast', label: 'At least (times)', kind: 'number', min: 1, value: 1 },
      days('In the last (days)', 30),
    ],
  },
  {
    key: 'didNot',
    label: 'Did not do an event',
    fields: [
      { name: 'type', label: 'Event type', kind: 'select', options: () => Object.values(TYPE).map((t) => [t, t]), value: TYPE.pageview },
      { name: 'name', label: 'Event name', kind: 'text', optional: true },
      days('In the last (days)', 30),
    ],
  },
  {
    key: 'firstSeen',
    label: 'First seen',
    fields: [
      { name: 'withinDays', label: 'Within the last (days)', kind: 'number', min: 1, optional: true, value: 30 },
      { name: 'olderThanDays', label: 'More than (days) ago', kind: 'number', min: 1, optional: true },
    ],
  },
  {
    key: 'lastSeen',
    label: 'Last seen',
    fields: [
      { name: 'withinDays', label: 'Within the last (days)', kind: 'number', min: 1, optional: true },
      { name: 'olderThanDays', label: 'More than (days) ago', kind: 'number', min: 1, optional: true, value: 30 },
    ],
  },
  {
    key: 'answered',
    label: 'Answered a survey',
    fields: [
      { name: 'survey', label: 'Survey', kind: 'select', options: (ctx) => ctx.surveys.map((s) => [s.id, s.name ?? s.id]) },
      { name: 'question', label: 'Question id', kind: 'text', optional: true },
      { name: 'min', label: 'Value from', kind: 'number', optional: true },
      { name: 'max', label: 'Value to', kind: 'number', optional: true },
      { name: 'withinDays', label: 'In the last (days)', kind: 'number', min: 1, optional: true },
    ],
  },
  {
    key: 'score',
    label: 'Happy Index between',
    fields: [
      { name: 'min', label: 'From', kind: 'number', min: 0, optional: true, value: 0 },
      { name: 'max', label: 'To', kind: 'number', min: 0, optional: true, value: 100 },
    ],
  },
  { key: 'band', label: 'Happy Index band', fields: [{ label: 'Band', kind: 'select', options: () => BANDS.map((b) => [b, b]) }] },
  {
    key: 'trait',
    label: 'Customer trait',
    fields: [
      { name: 'key', label: 'Trait', kind: 'text', value: 'plan' },
      // A trait equals a string, a number or true/false as the site sent it; typed as such here.
      { name: 'equals', label: 'Equals', kind: 'text', parse: (v) => (v === 'true' ? true : v === 'false' ? false : /^-?\d+(\.\d+)?$/.test(v) ? Number(v) : v) },
    ],
  },
  {
    key: 'channel',
    label: 'Came from a channel',
    fields: [
      { name: 'is', label: 'Channel', kind: 'select', options: () => CHANNELS.map((c) => [c, CHANNEL_LABELS[c]]) },
      { ...days('In the last (days)'), optional: true },
    ],
  },
  // Ids of the latest clustering (GET /clusters); none before the daily cron has computed one.
  {
    key: 'cluster',
    label: 'In a cluster',
    fields: [{ label: 'Cluster', kind: 'select', options: (ctx) => (ctx.clusters.length ? ctx.clusters.map((g) => [g.id, `${g.id} (${g.description})`]) : [['', 'No clustering yet']]) }],
  },
  { key: 'campaign', label: 'Came from a campaign', fields: [{ label: 'Campaign', kind: 'text' }] },
  { key: 'segment', label: 'In a built-in segment', fields: [{ label: 'Segment', kind: 'select', options: (ctx) => ctx.builtin.map((s) => [s.id, `${s.id} (${s.description})`]) }] },
];

export const conditionByKey = (key) => CONDITIONS.find((c) => c.key === key);

/** The rule value of one condition from its inputs' current values (strings, as inputs hold them). */
export function conditionValue(def, values) {
  const read = (field, raw) => {
    if (raw === '' && field.optional) return undefined;
    if (field.parse) return field.parse(raw);
    // An empty required number goes as null: the API's 400 then names this field.
    return field.kind === 'number' ? (raw === '' ? null : Number(raw)) : raw;
  };
  const unnamed = def.fields.find((f) => !f.name);
  if (unnamed) return { [def.key]: read(unnamed, values[0]) };
  const out = {};
  def.fields.forEach((f, i) => {
    const v = read(f, values[i]);
    if (v !== undefined) out[f.name] = v;
  });
  return { [def.key]: out };
}
