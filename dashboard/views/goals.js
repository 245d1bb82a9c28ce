import { api } from '../lib/api.js';
import { barChart } from '../lib/charts.js';
import { fill, fmt, h, uid } from '../lib/dom.js';

const DAY = 86_400_000;

/** A goal's matcher in words. */
const describe = (m) =>
  m.kind === 'page'
    ? `Page ${m.path}`
    : m.kind === 'purchase'
      ? 'A purchase'
      : `Event ${m.name}${Object.keys(m.props ?? {}).length ? ` with ${Object.entries(m.props).map(([k, v]) => `${k} = ${v}`).join(', ')}` : ''}`;

const pct = (share) => (share === null ? '–' : fmt.pct(share * 100));
const duration = (ms) => (ms === null ? '–' : ms < 60_000 ? `${fmt.num(ms / 1000)} s` : ms < 3_600_000 ? `${fmt.num(ms / 60_000)} min` : `${fmt.num(ms / 3_600_000)} h`);

/** The steps of a funnel (or of one group of a split) as a table. */
const stepsTable = (steps, caption) =>
  h(
    'table',
    { 'data-testid': 'funnel-steps' },
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, ['Step', 'People', 'From previous', 'From start', 'Drop-off', 'Median time from previous'].map((c, i) => h('th', { scope: 'col', class: i ? 'num' : null }, c)))),
    h('tbody', {}, steps.map((s) => h('tr', {}, h('th', { scope: 'row' }, s.name), [fmt.int(s.people), pct(s.fromPrevious), pct(s.fromStart), fmt.int(s.dropOff), duration(s.medianMsFromPrevious)].map((v) => h('td', { class: 'num' }, v))))),
  );

/**
 * Goals and funnels over the last 30 days: GET /goals/report, GET /funnels, GET /funnels/:id/report
 * (`?funnel=` picks one; `?segment=` splits it into a segment's members and the rest, `?split=channel`
 * by the channel of the session each person entered in), GET /segments.
 */
export async function goals(main, params) {
  const to = Date.now();
  const from = to - 30 * DAY;
  const [report, { funnels }, segments] = await Promise.all([api('/goals/report', { from, to }), api('/funnels'), api('/segments')]);
  const funnel = funnels.find((f) => f.id === params.get('funnel')) ?? funnels[0];
  const byChannel = params.get('split') === 'channel';
  const segment = byChannel ? '' : params.get('segment') || '';
  const fr = funnel ? await api(`/funnels/${encodeURIComponent(funnel.id)}/report`, { from, to, segment, split: byChannel ? 'channel' : '' }) : null;
  const funnelId = uid('funnel');
  const splitId = uid('split');
  // The split selector's values: '' none, 'channel', or 'segment:<id>'.
  const split = byChannel ? 'channel' : segment ? `segment:${segment}` : '';
  const choose = () => {
    const q = new URLSearchParams({ funnel: main.querySelector(`#${funnelId}`).value });
    const value = main.querySelector(`#${splitId}`).value;
    if (value === 'channel') q.set('split', 'channel');
    else if (value) q.set('segment', value.slice('segment:'.length));
    location.hash = `#/goals?${q}`;
  };
  const caption = (g) => (fr.split.by === 'channel' ? `Channel: ${g.label}` : `Segment ${segment}: ${g.group}`);
  fill(
    main,
    h('h1', {}, 'Goals'),
    h('p', { class: 'note' }, `Last 30 days, ${fmt.date(from)} to ${fmt.date(to)}.`),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'goals-title' },
      h('h2', { id: 'goals-title' }, 'Conversions'),
      report.goals.length
        ? h(
            'table',
            { 'data-testid': 'goal-conversions' },
            h('thead', {}, h('tr', {}, ['Goal', 'Matches', 'Conversions', 'People'].map((c, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, c)))),
            h('tbody', {}, report.goals.map((g) => h('tr', {}, h('th', { scope: 'row' }, g.name), h('td', {}, describe(g.matcher)), h('td', { class: 'num' }, fmt.int(g.conversions)), h('td', { class: 'num' }, fmt.int(g.people))))),
          )
        : h('p', {}, 'No goals yet: create them with POST /v1/sites/:site/goals (write key).'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'funnel-title' },
      h('h2', { id: 'funnel-title' }, 'Funnel'),
      !fr
        ? h('p', {}, 'No funnels yet: create one with POST /v1/sites/:site/funnels (write key).')
        : [
            h(
              'form',
              { class: 'filters', 'aria-label': 'Funnel and split', onsubmit: (e) => (e.preventDefault(), choose()) },
              h('label', { for: funnelId }, 'Funnel'),
              h('select', { id: funnelId }, funnels.map((f) => h('option', { value: f.id, selected: f.id === funnel.id }, f.name))),
              h('label', { for: splitId }, 'Split by'),
              h(
                'select',
                { id: splitId },
                h('option', { value: '' }, '(no split)'),
                h('option', { value: 'channel', selected: split === 'channel' }, 'Channel'),
                h(
                  'optgroup',
                  { label: 'Segment' },
                  [...segments.builtin, ...segments.saved].map((s) => h('option', { value: `segment:${s.id}`, selected: `segment:${s.id}` === split }, s.name ?? s.id)),
                ),
              ),
              h('button', { type: 'submit' }, 'Show'),
            ),
            h('p', {}, `${fmt.int(fr.entered)} people entered; steps within ${duration(funnel.windowMs)} of the first.`),
            barChart({ title: `${funnel.name}: people per step`, format: fmt.int, items: fr.steps.map((s) => ({ label: s.name, value: s.people })) }),
            stepsTable(fr.steps, 'Everyone who entered'),
            fr.split ? fr.split.groups.map((g) => stepsTable(g.steps, caption(g))) : null,
            fr.split?.by === 'channel'
              ? h('p', { class: 'note' }, 'Each person counts in the channel of the session they entered the funnel in; people whose entering event has no session (server events) are “Unknown”.')
              : null,
          ],
    ),
  );
}
