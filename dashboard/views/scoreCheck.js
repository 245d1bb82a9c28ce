import { api } from '../lib/api.js';
import { fill, fmt, h } from '../lib/dom.js';

const interval = (e) => (e ? `${fmt.num(e.auc, 2)} (95% ${fmt.num(e.ci[0], 2)}–${fmt.num(e.ci[1], 2)})` : 'not measurable');

/** Is the Happy Index worth trusting: GET /scores/validity (AUC for coming back, per signal, proposed weights). */
export async function scoreCheck(main) {
  const v = await api('/scores/validity');
  const proposed = v.proposal?.config.signals ?? {};
  fill(
    main,
    h('h1', {}, 'Happy Index check'),
    h(
      'p',
      { class: 'note' },
      `On this site’s history: the score each person had at ${v.cutoffs.length} weekly cutoffs, against whether they came back within ${v.horizonDays} days (stopped: ${v.outcome}). `,
      `${fmt.int(v.samples)} person-cutoffs: ${fmt.int(v.cameBack)} came back, ${fmt.int(v.stopped)} did not.`,
      v.truncated ? ' The site has more events than one check reads: the oldest cutoffs see less history.' : '',
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'auc-title' },
      h('h2', { id: 'auc-title' }, 'How well the score predicts coming back'),
      h('p', { class: 'score' }, 'AUC ', h('strong', { 'data-testid': 'auc' }, interval(v.happyIndex))),
      h('p', { class: 'note' }, 'AUC is the chance that someone who came back had a higher score than someone who did not: 0.5 is a coin toss, 1 is perfect.'),
    ),
    h(
      'section',
      { class: 'card', 'aria-labelledby': 'signals-title' },
      h('h2', { id: 'signals-title' }, 'Per signal, and weights that would predict better'),
      h(
        'table',
        { 'data-testid': 'signal-validity' },
        h('thead', {}, h('tr', {}, ['Signal', 'AUC (95% interval)', 'Weight now', 'Proposed weight'].map((t, i) => h('th', { scope: 'col', class: i > 1 ? 'num' : null }, t)))),
        h(
          'tbody',
          {},
          v.signals.map((s) =>
            h('tr', {}, h('th', { scope: 'row' }, s.signal), h('td', {}, interval(s.estimate)), h('td', { class: 'num' }, fmt.num(s.weight, 2)), h('td', { class: 'num' }, fmt.num(proposed[s.signal]?.weight, 2))),
          ),
        ),
      ),
      v.proposal
        ? h('p', {}, `With the proposed weights the AUC on the same history would be ${interval(v.proposal.estimate)}. To accept them, PUT the proposal’s config to /v1/sites/:site/scores/config with a write key, then recompute the scores.`)
        : h('p', { class: 'note' }, 'No proposal: no signal separates those who came back from those who did not.'),
    ),
  );
}
