import { api } from '../lib/api.js';
import { barChart, columnChart, lineChart } from '../lib/charts.js';
import { fill, fmt, h, uid } from '../lib/dom.js';

const DAY = 86_400_000;

/** GET /overview for the chosen dates (default: the last 30 days) and GET /newsletters (recent campaigns). */
export async function overview(main, params) {
  const today = new Date().toISOString().slice(0, 10);
  const toDay = params.get('to') || today;
  const fromDay = params.get('from') || new Date(Date.parse(toDay) - 29 * DAY).toISOString().slice(0, 10);
  const [o, { newsletters }] = await Promise.all([api('/overview', { from: Date.parse(fromDay), to: Date.parse(toDay) + DAY - 1 }), api('/newsletters')]);
  const hi = o.happyIndex;
  const fromId = uid('from');
  const toId = uid('to');
  const stat = (label, value, note) => h('div', { class: 'stat' }, h('dt', {}, label), h('dd', {}, value, note ? h('small', {}, note) : null));
  fill(main, 
    h('h1', {}, 'Overview'),
    h(
      'form',
      {
        class: 'filters',
        'aria-label': 'Date range',
        onsubmit: (e) => {
          e.preventDefault();
          location.hash = `#/overview?${new URLSearchParams({ from: main.querySelector(`#${fromId}`).value, to: main.querySelector(`#${toId}`).value })}`;
        },
      },
      h('label', { for: fromId }, 'From'),
      h('input', { id: fromId, type: 'date', value: fromDay, required: true }),
      h('label', { for: toId }, 'To'),
      h('input', { id: toId, type: 'date', value: toDay, required: true }),
      h('button', { type: 'submit' }, 'Apply'),
    ),
    h(
      'dl',
      { class: 'stats', 'data-testid': 'stats' },
      stat('Visitors', fmt.int(o.visitors)),
      stat('Identified customers', fmt.int(o.customers)),
      stat('Average Happy Index', fmt.num(hi.average), ` baseline ${fmt.num(hi.baseline)}`),
      stat('NPS', o.surveys.nps.score === null ? '–' : fmt.signed(o.surveys.nps.score), ` ${fmt.int(o.surveys.nps.responses)} answers`),
      stat('CSAT', fmt.pct(o.surveys.csat.percent), ` ${fmt.int(o.surveys.csat.responses)} answers`),
    ),
    h(
      'div',
      { class: 'grid' },
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'hi-title' },
        h('h2', { id: 'hi-title' }, 'Happy Index'),
        // Stored per person: each counts all of their events, decayed to when it was computed (at most an hour on a deployed site).
        hi.asOf ? h('p', { class: 'note' }, `Scores as of ${fmt.time(hi.asOf)} or later.`) : null,
        columnChart({
          title: `Happy Index distribution of ${fmt.int(hi.people)} people`,
          items: hi.histogram.map((b) => ({ label: `${b.from}–${b.to}`, value: b.people, cls: b.from >= hi.bandLimits.happy ? 'pos' : b.to <= hi.bandLimits.atRisk ? 'neg' : 'bar' })),
        }),
        barChart({
          title: 'People per band',
          format: fmt.int,
          items: [
            { label: `Happy (≥ ${hi.bandLimits.happy})`, value: hi.bands.happy },
            { label: 'Neutral', value: hi.bands.neutral },
            { label: `At risk (< ${hi.bandLimits.atRisk})`, value: hi.bands.atRisk },
          ],
        }),
        hi.trend.length
          ? lineChart({ title: 'Average Happy Index per day', points: hi.trend.map((d) => ({ label: fmt.date(d.day), value: d.average })) })
          : h('p', { class: 'note' }, 'Trend: no daily snapshot in this range yet (the daily cron records one per day).'),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'nl-title' },
        h('h2', { id: 'nl-title' }, 'Newsletter funnel'),
        h('p', { class: 'note' }, `${fmt.int(o.newsletters.campaigns)} campaigns sent in this range`),
        barChart({
          title: 'Newsletter funnel: recipients at each step',
          format: fmt.int,
          items: [
            { label: 'Sent', value: o.newsletters.sent },
            { label: 'Human opens', value: o.newsletters.humanOpens },
            { label: 'Clicks', value: o.newsletters.clicks },
            { label: 'Site visits', value: o.newsletters.visits },
          ],
        }),
        newsletters.length
          ? h(
              'table',
              { 'data-testid': 'campaigns' },
              h('caption', {}, 'Latest campaigns'),
              h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Campaign'), h('th', { scope: 'col' }, 'Sent'), h('th', { scope: 'col', class: 'num' }, 'Recipients'))),
              h('tbody', {}, newsletters.slice(0, 5).map((n) => h('tr', {}, h('td', {}, n.campaign), h('td', {}, fmt.date(n.sentAt)), h('td', { class: 'num' }, fmt.int(n.recipients))))),
            )
          : null,
        h('h2', {}, 'Surveys'),
        barChart({
          title: 'NPS answers',
          format: fmt.int,
          items: [
            { label: 'Promoters (9–10)', value: o.surveys.nps.promoters },
            { label: 'Passives (7–8)', value: o.surveys.nps.passives },
            { label: 'Detractors (0–6)', value: o.surveys.nps.detractors },
          ],
        }),
      ),
      h(
        'section',
        { class: 'card', 'aria-labelledby': 'pages-title' },
        h('h2', { id: 'pages-title' }, 'Top pages'),
        o.topPages.length
          ? h('table', { 'data-testid': 'top-pages' }, h('thead', {}, h('tr', {}, h('th', { scope: 'col' }, 'Page'), h('th', { scope: 'col', class: 'num' }, 'Views'))), h('tbody', {}, o.topPages.map((p) => h('tr', {}, h('td', {}, p.path ?? '(none)'), h('td', { class: 'num' }, fmt.int(p.views))))))
          : h('p', {}, 'No page views in this range.'),
      ),
      h(
        'section',
        { class: 'card wide', 'aria-labelledby': 'vitals-title' },
        h('h2', { id: 'vitals-title' }, 'Web vitals (p75)'),
        o.vitals.length
          ? h(
              'table',
              {},
              h('thead', {}, h('tr', {}, ['Metric', 'p75', 'Samples', 'Good', 'Needs work', 'Poor'].map((c, i) => h('th', { scope: 'col', ...(i && { class: 'num' }) }, c)))),
              h('tbody', {}, o.vitals.map((v) => h('tr', {}, h('td', {}, v.name), h('td', { class: 'num' }, v.name === 'CLS' ? fmt.num(v.p75, 3) : `${fmt.int(v.p75)} ms`), [v.samples, v.good, v.needsImprovement, v.poor].map((n) => h('td', { class: 'num' }, fmt.int(n)))))),
            )
          : h('p', {}, 'No web-vitals samples in this range.'),
      ),
    ),
  );
}
