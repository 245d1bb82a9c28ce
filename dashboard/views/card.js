import { api } from '../lib/api.js';
import { barChart, lineChart } from '../lib/charts.js';
import { fill, fmt, h } from '../lib/dom.js';
import { icon } from '../lib/icons.js';
// Built from collector/src/schema/vocabulary.ts (npm run build): event names are never spelled here.
import { TYPE } from '../vocabulary.js';

const DAY = 86_400_000;
const JOURNEY_PAGE = 1000;
const money = (n, currency) => Number(n).toLocaleString('en-GB', { style: 'currency', currency });

/**
 * The customer card (or an anonymous visitor's): GET /customers/:id, /customers/:id/score,
 * /customers/:id/journey?limit=1000 (or /visitors/:id/journey and /visitors/:id/score).
 */
export async function card(main, kind, id) {
  const base = kind === 'customer' ? `/customers/${encodeURIComponent(id)}` : `/visitors/${encodeURIComponent(id)}`;
  const [who, score, journey] = await Promise.all([
    kind === 'customer' ? api(base) : Promise.resolve(null),
    api(`${base}/score`),
    api(`${base}/journey`, { limit: JOURNEY_PAGE }),
  ]);
  const customer = who?.customer;
  const visitor = journey.visitor;
  const timeline = h('ol', { class: 'timeline', 'aria-label': 'Journey by session' });
  let events = journey.events;
  renderTimeline(timeline, events);
  const more = h('button', { type: 'button', hidden: !journey.nextCursor }, 'Load more of the journey');
  let cursor = journey.nextCursor;
  more.addEventListener('click', async () => {
    const page = await api(`${base}/journey`, { limit: JOURNEY_PAGE, cursor });
    events = events.concat(page.events);
    cursor = page.nextCursor;
    more.hidden = !cursor;
    renderTimeline(timeline, events);
  });
  const traits = Object.entries(customer?.traits ?? {});
  const trend = score.trend;
  fill(main, 
    h('p', {}, h('a', { href: '#/visitors' }, '← Visitors')),
    h('h1', {}, kind === 'customer' ? `Customer ${id}` : `Visitor ${id}`),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'who-title' },
        h('h2', { id: 'who-title' }, 'Profile'),
        traits.length ? h('dl', { class: 'traits' }, traits.map(([k, v]) => [h('dt', {}, k), h('dd', {}, typeof v === 'object' ? JSON.stringify(v) : String(v))])) : h('p', {}, 'No traits.'),
        // Lifetime value per currency (orders net of refunds), never converted between currencies.
        kind === 'customer' ? h('h3', {}, 'Lifetime value') : null,
        kind === 'customer'
          ? who.lifetimeValue?.length
            ? h('ul', { 'data-testid': 'lifetime-value' }, who.lifetimeValue.map((r) => h('li', {}, `${money(r.net, r.currency)} from ${fmt.int(r.orders)} order${r.orders === 1 ? '' : 's'}${r.refunded ? `, ${money(r.refunded, r.currency)} refunded` : ''}`)))
            : h('p', { 'data-testid': 'lifetime-value' }, 'No purchases.')
          : null,
        h('h3', {}, kind === 'customer' ? 'Devices and visitor ids' : 'Seen'),
        kind === 'customer'
          ? h('ul', { class: 'ids' }, customer.visitorIds.map((v) => h('li', {}, h('a', { href: `#/visitors/${encodeURIComponent(v)}` }, v))))
          : h('p', {}, `${fmt.time(visitor.firstSeen)} – ${fmt.time(visitor.lastSeen)}, ${fmt.int(visitor.events)} events`),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'score-title' },
        h('h2', { id: 'score-title' }, 'Happy Index'),
        h('p', { class: 'score' }, h('strong', { 'data-testid': 'score' }, fmt.num(score.score)), ` ${score.band} · baseline ${fmt.num(score.baseline)} · confidence ${fmt.num(score.confidence, 2)}`),
        // The person is the unit: an identified visitor carries its customer's score and segments.
        kind !== 'customer' && score.customerId ? h('p', { class: 'note' }, 'The Happy Index of ', h('a', { href: `#/customers/${encodeURIComponent(score.customerId)}` }, `customer ${score.customerId}`), ', over all their devices.') : null,
        h('p', { 'data-testid': 'segments' }, `Segments: ${score.segments?.length ? score.segments.join(', ') : 'none'}`),
        h('p', { 'data-testid': 'cluster' }, 'Cluster: ', score.cluster ? h('a', { href: `#/visitors?segment=${encodeURIComponent(`cluster:${score.cluster.id}`)}` }, `${score.cluster.id} (${score.cluster.description})`) : 'none yet'),
        barChart({ title: 'Contribution of each signal to the Happy Index (points)', signed: true, items: score.contributions.map((c) => ({ label: c.signal, value: c.contribution })) }),
        trend
          ? lineChart({
              title: `Happy Index over ${trend.days} days: ${fmt.signed(trend.change)} points`,
              points: [
                { label: fmt.date(score.at - trend.days * DAY), value: trend.from },
                { label: fmt.date(score.at), value: score.score },
              ],
            })
          : h('p', { class: 'note' }, 'No 30-day trend (too many events in the window).'),
      ),
    ),
    h('section', { class: 'card', 'aria-labelledby': 'journey-title' }, h('h2', { id: 'journey-title' }, 'Journey'), timeline, more),
  );
}

/** Touchpoint of an event: its kind (icon), label and detail. */
function touchpoint(e) {
  const p = e.props ?? {};
  switch (e.type) {
    case TYPE.pageview:
      return ['page', 'Page', e.path ?? e.url ?? ''];
    case TYPE.newsletterReceived:
      return ['newsletter', 'Newsletter received', e.name ?? ''];
    case TYPE.newsletterOpen:
      return ['newsletter', 'Newsletter opened', `${e.name ?? ''}${p.class && p.class !== 'human' ? ` (${p.class})` : ''}`];
    case TYPE.newsletterClick:
      return ['newsletter', 'Newsletter link clicked', `${e.name ?? ''} → ${p.url ?? ''}`];
    case TYPE.surveyAnswered:
      return ['survey', 'Survey answer', `${p.surveyId ?? ''} · ${p.questionType ?? p.questionId}: ${Array.isArray(p.value) ? p.value.join(', ') : String(p.value)}`];
    case TYPE.surveyShown:
    case TYPE.surveyDismissed:
      return ['survey', e.type === TYPE.surveyShown ? 'Survey shown' : 'Survey dismissed', p.surveyId ?? ''];
    case TYPE.chatStarted:
    case TYPE.chatMessage:
    case TYPE.chatEnded:
      return ['chat', { [TYPE.chatStarted]: 'Chat started', [TYPE.chatMessage]: 'Chat message', [TYPE.chatEnded]: 'Chat ended' }[e.type], p.resolved === undefined ? (p.from ?? '') : p.resolved ? 'resolved' : 'not resolved'];
    case TYPE.ticketOpened:
    case TYPE.ticketUpdated:
    case TYPE.ticketResolved:
      return ['ticket', { [TYPE.ticketOpened]: 'Ticket opened', [TYPE.ticketUpdated]: 'Ticket updated', [TYPE.ticketResolved]: 'Ticket resolved' }[e.type], p.subject ?? p.ticketId ?? ''];
    case TYPE.purchase:
    case TYPE.refund:
      return ['event', e.type === TYPE.purchase ? 'Purchase' : 'Refund', `${money(p.value, p.currency)} · order ${p.orderId}`];
    case TYPE.identify:
      return ['identify', 'Identified', p.customerId ?? ''];
    case TYPE.vital:
      return ['vital', `Web vital ${e.name}`, `${fmt.num(p.value, 3)} (${p.rating})`];
    default:
      return ['event', 'Event', e.name ?? e.type];
  }
}

function renderTimeline(list, events) {
  const sessions = new Map();
  for (const e of events) {
    if (!sessions.has(e.sessionId)) sessions.set(e.sessionId, []);
    sessions.get(e.sessionId).push(e);
  }
  list.replaceChildren(
    ...[...sessions].map(([sessionId, evs]) =>
      h(
        'li',
        { class: 'session' },
        h('h3', {}, `Session ${fmt.time(evs[0].ts)}`, h('small', {}, ` · ${evs.length} events · ${sessionId}`)),
        h(
          'ol',
          {},
          evs.map((e) => {
            const [kind, label, detail] = touchpoint(e);
            return h('li', { class: `event ${e.type}`, 'data-type': e.type }, h('span', { class: 'icon' }, icon(kind)), h('time', { datetime: new Date(e.ts).toISOString() }, fmt.time(e.ts).slice(11)), ' ', h('strong', {}, label), ' ', detail);
          }),
        ),
      ),
    ),
  );
  if (!events.length) list.append(h('li', {}, 'No events.'));
}
