import type { Env } from '../env';
import { computeScore } from '../score/computeScore';
import { mergeStateRows } from '../score/decay';
import type { ScoreConfig } from '../score/scoreConfig';
import { withoutObservations } from '../score/subjectScore';
import { matchSegment } from '../segments/matchSegment';
import { resolveSegment } from '../segments/resolveSegment';
import { listSubscriptions } from '../store/alertSubscriptions';
import { segmentMembersOf, sitesTouched, takeTouched, updateSegmentMembers } from '../store/alertState';
import { getScoreConfig } from '../store/scoreConfig';
import { readEventsSince, readScoreState } from '../store/scoreState';
import { resolveSubjects, subjectKey, type People } from '../store/subject';
import { getVisitors } from '../store/visitors';
import type { Person } from './occurrence';
import { raiseOccurrence, type RaiseOptions } from './raiseOccurrence';
import type { Subscription } from './subscriptionSchema';

const DAY = 86_400_000;
/** People re-evaluated per site and run; the rest stay touched for the next minute. */
const PEOPLE_PER_RUN = 500;
/** A score-drop check reads the window's events; past this many for one person it is skipped. */
const DROP_EVENT_CAP = 20_000;

/**
 * Segment enter/leave and Happy Index drops, evaluated every minute for the people with new events since
 * the last run (alert_touched, filled at ingest). Segment membership is compared with what this
 * subscription saw last time (alert_segment_members), so a person is announced once per move (someone
 * already inside when the subscription was made counts as entering at their next event). Time alone (a person going dormant without any new event) is not
 * seen here: those moves show in the daily segment snapshot.
 */
export async function checkPeople(env: Env, now: number, options: RaiseOptions = {}): Promise<number> {
  let raised = 0;
  for (const site of await sitesTouched(env.DB)) {
    const touched = await takeTouched(env.DB, site, PEOPLE_PER_RUN);
    const subs = [...(await listSubscriptions(env.DB, site, 'segment')), ...(await listSubscriptions(env.DB, site, 'score_drop'))];
    if (!subs.length || !touched.length) continue;
    const page = await getVisitors(env.DB, site, touched);
    const people = await resolveSubjects(env.DB, site, page);
    const { config } = await getScoreConfig(env.DB, site);
    for (const sub of subs) {
      try {
        raised += sub.trigger.kind === 'segment' ? await segmentMoves(env, sub, config, page, people, now, options) : await scoreDrops(env, sub, config, people, now, options);
      } catch (err) {
        console.error('alerts: people check failed', site, sub.id, err);
      }
    }
  }
  return raised;
}

const personOf = (people: People, subject: string): Person => {
  const customerId = people.customerOf.get(subject) ?? null;
  return { visitorId: customerId ? people.members.get(subject)![0].visitorId : subject, customerId };
};

async function segmentMoves(env: Env, sub: Subscription, config: ScoreConfig, page: Parameters<typeof matchSegment>[4], people: People, now: number, options: RaiseOptions) {
  if (sub.trigger.kind !== 'segment') return 0;
  const spec = await resolveSegment(env.DB, sub.site, sub.trigger.segment);
  const inside = await matchSegment(env.DB, sub.site, config, spec, page, now);
  const subjects = [...people.members.keys()];
  const insideNow = new Set(page.filter((v) => inside.has(v.visitorId)).map((v) => subjectKey(v)));
  const before = await segmentMembersOf(env.DB, sub.site, sub.id, subjects);
  const entered = subjects.filter((s) => insideNow.has(s) && !before.has(s));
  const left = subjects.filter((s) => !insideNow.has(s) && before.has(s));
  let raised = 0;
  for (const [list, change] of [[entered, 'enter'], [left, 'leave']] as const) {
    for (const subject of list) {
      const ids = await raiseOccurrence(
        env,
        { site: sub.site, kind: 'segment', key: `segment:${sub.trigger.segment}:${subject}:${change}:${now}`, at: now, subscriptionId: sub.id, person: personOf(people, subject), segment: { id: sub.trigger.segment, change } },
        { ...options, now },
      );
      raised += ids.length;
    }
  }
  await updateSegmentMembers(env.DB, sub.site, sub.id, entered, left);
  return raised;
}

async function scoreDrops(env: Env, sub: Subscription, config: ScoreConfig, people: People, now: number, options: RaiseOptions) {
  if (sub.trigger.kind !== 'score_drop') return 0;
  const { days, points } = sub.trigger;
  let raised = 0;
  for (const [subject, members] of people.members) {
    const ids = members.map((m) => m.visitorId);
    const state = mergeStateRows(await readScoreState(env.DB, sub.site, ids));
    const to = computeScore(config, state, now).score;
    const recent = await readEventsSince(env.DB, sub.site, ids, now - days * DAY, DROP_EVENT_CAP);
    if (!recent.length || recent.length > DROP_EVENT_CAP) continue;
    const from = computeScore(config, withoutObservations(state, recent, config), now - days * DAY).score;
    if (from - to < points) continue;
    // One alert per person and window of `days`: a person sliding further the next minute is not re-announced.
    const window = Math.floor(now / (days * DAY));
    const delivered = await raiseOccurrence(
      env,
      { site: sub.site, kind: 'score_drop', key: `score_drop:${subject}:${days}:${window}`, at: now, subscriptionId: sub.id, person: personOf(people, subject), scoreDrop: { from, to, days } },
      { ...options, now },
    );
    raised += delivered.length;
  }
  return raised;
}
