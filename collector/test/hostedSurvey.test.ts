import { beforeAll, describe, expect, it } from 'vitest';
import { createSurvey, eventId, ORIGIN, postEvents, read, seedSite } from './helpers';
import { get, prepare, READER_UA, tokenOf, trackedUrls } from './newsletterHelpers';
import { fetchWorker } from './worker';

const SITE = 'hosted-site';
let keys: { read: string; write: string };

const survey = {
  id: 'nps-mail',
  name: 'NPS by mail',
  title: 'Tell us how we did',
  lang: 'en',
  questions: [
    { id: 'nps', type: 'nps', text: 'How likely are you to recommend us?' },
    { id: 'why', type: 'text', text: 'What could we do better?', required: false, showIf: { question: 'nps', max: 6 } },
  ],
  translations: { it: { title: 'Dicci come è andata', questions: { nps: { text: 'Quanto ci consiglieresti?' } } } },
  placement: { kind: 'popup' },
};

beforeAll(async () => {
  keys = await seedSite(SITE);
  await createSurvey(SITE, keys.write, survey);
  await createSurvey(SITE, keys.write, { id: 'paused-one', name: 'Paused', status: 'paused', questions: [{ id: 'nps', type: 'nps', text: 'Recommend?' }] });
  await createSurvey(SITE, keys.write, { id: 'csat-first', name: 'CSAT', questions: [{ id: 'csat', type: 'csat', text: 'Happy?' }] });
});

const page = (path: string, headers: Record<string, string> = {}) => fetchWorker(`${ORIGIN}${path}`, { headers: { 'user-agent': READER_UA, ...headers } });

/** Prepares a mail with the one-click row for one recipient; its eleven score links, filled in. */
async function npsMail(recipient: string) {
  const campaign = `nps-${crypto.randomUUID().slice(0, 8)}`;
  const { res, body } = await prepare(SITE, keys.write, {
    campaign,
    html: '<html><body><p>Hello</p><!--hoptrail:nps--><p>Bye</p></body></html>',
    nps: survey.id,
    recipients: [recipient],
    // Sent an hour ago: a click now is not "seconds after the send".
    sentAt: Date.now() - 3600_000,
  });
  expect(res.status).toBe(200);
  return { body, clicks: trackedUrls(body, tokenOf(body, recipient)).clicks };
}

describe('GET /s/:site/:survey (hosted survey page)', () => {
  it('serves an HTML page with a strict CSP that loads the real SDK and the survey container', async () => {
    const res = await page(`/s/${SITE}/${survey.id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
    const csp = res.headers.get('content-security-policy')!;
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    // Only the widget's own stylesheet is allowed inline, by its hash.
    expect(csp).toMatch(/style-src 'self' 'sha256-[A-Za-z0-9+/]+=*'/);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toContain(`<script defer src="/hoptrail.js" data-site="${SITE}"></script>`);
    expect(html).toContain(`data-hoptrail-hosted="${survey.id}"`);
    expect(html).toContain('<title>Tell us how we did</title>');
    // Anonymous without a newsletter identity: no response id of a recipient, channel other.
    expect(html).not.toContain('data-hoptrail-response');
    expect(html).toContain('data-hoptrail-channel="other"');
    expect(html).not.toMatch(/<script>|<style>/);
  });

  it('serves its script and stylesheet from the same origin', async () => {
    const js = await fetchWorker(`${ORIGIN}/s/hosted.js`);
    expect(js.headers.get('content-type')).toBe('text/javascript; charset=utf-8');
    expect(await js.text()).toContain('hoptrail.survey');
    const css = await fetchWorker(`${ORIGIN}/s/hosted.css`);
    expect(css.headers.get('content-type')).toBe('text/css; charset=utf-8');
  });

  it('answers an unknown site, an unknown survey and a paused survey with a friendly HTML 404 page', async () => {
    for (const path of [`/s/no-such-site/${survey.id}`, `/s/${SITE}/no-such-survey`, `/s/${SITE}/paused-one`, `/s/${SITE}/Bad%20Id`]) {
      const res = await page(path);
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toBe('text/html; charset=utf-8');
      expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
      const html = await res.text();
      expect(html).toContain('<h1>This survey is not available</h1>');
      expect(html).not.toContain('hoptrail.js');
    }
    const german = await page(`/s/${SITE}/paused-one`, { 'accept-language': 'de-CH,de;q=0.9,en;q=0.5' });
    expect(await german.text()).toContain('<html lang="de">');
  });

  it("picks the language from ?lang=, then Accept-Language, among the survey's own and its translations", async () => {
    const it1 = await (await page(`/s/${SITE}/${survey.id}?lang=it`)).text();
    expect(it1).toContain('<html lang="it">');
    expect(it1).toContain('<title>Dicci come è andata</title>');
    const it2 = await (await page(`/s/${SITE}/${survey.id}`, { 'accept-language': 'fr;q=0.4, it-CH;q=0.9' })).text();
    expect(it2).toContain('<html lang="it">');
    const fallback = await (await page(`/s/${SITE}/${survey.id}`, { 'accept-language': 'ja' })).text();
    expect(fallback).toContain('<html lang="en">');
    expect(fallback).toContain('<title>Tell us how we did</title>');
  });

  it('asks to confirm a score that comes without a newsletter identity (an anonymous or machine click)', async () => {
    const html = await (await page(`/s/${SITE}/${survey.id}?score=7`)).text();
    expect(html).toContain('<button type="button" id="hoptrail-send" value="7">Send my score: 7</button>');
    expect(html).not.toContain('data-hoptrail-value');
    // A score outside 0–10 is no score at all.
    const bad = await (await page(`/s/${SITE}/${survey.id}?score=11`)).text();
    expect(bad).not.toContain('hoptrail-send');
  });
});

describe('prepare with nps: SURVEY_ID (one-click NPS row)', () => {
  it('inserts an accessible 0–10 row of tracked links, each redirecting to the hosted page with its score', async () => {
    const { body, clicks } = await npsMail('ann@example.com');
    expect(body.html).toContain('<p>Hello</p><table role="presentation"');
    expect(body.html).toContain('How likely are you to recommend us?');
    expect(body.html).toContain('0 = Not at all likely');
    expect(body.links).toHaveLength(11);
    expect(clicks).toHaveLength(11);
    for (const [score, url] of clicks.entries()) {
      expect(body.html).toContain(`aria-label="${score} of 10">${score}</a>`);
      const res = await get(url, { headers: { 'user-agent': READER_UA } });
      expect(res.status).toBe(302);
      const location = new URL(res.headers.get('location')!);
      expect(`${location.origin}${location.pathname}`).toBe(`${ORIGIN}/s/${SITE}/${survey.id}`);
      expect(location.searchParams.get('score')).toBe(String(score));
      // The collector's own hosted page counts as the site's own host: the signed identity comes along.
      expect(location.searchParams.get('ht_nl')).toBeTruthy();
    }
  });

  it('adds the question and a tracked link to the hosted page to the plain-text part', async () => {
    const { res, body } = await prepare(SITE, keys.write, { campaign: 'nps-text', html: '<p>Hi</p>', text: 'Hi\n', nps: survey.id });
    expect(res.status).toBe(200);
    expect(body.text).toMatch(/^Hi\n\nHow likely are you to recommend us\?\nhttps:\/\/collector\.test\/c\/[A-Za-z0-9_-]+\.\*\|HT\|\*\n$/);
    expect(body.links.map((l) => l.url)).toContain(`${ORIGIN}/s/${SITE}/${survey.id}`);
  });

  it('refuses a survey that does not exist or does not start with an NPS question, naming nps', async () => {
    for (const nps of ['no-such-survey', 'csat-first']) {
      const { res, body } = await prepare(SITE, keys.write, { campaign: 'nps-bad', html: '<p>x</p>', nps });
      expect(res.status).toBe(400);
      expect(body.field).toBe('nps');
    }
  });
});

describe('a score clicked in the mail', () => {
  it('is answered on load for a person, with one response id per recipient, so the last answer wins in results', async () => {
    const { clicks } = await npsMail('bob@example.com');
    const landed = async (score: number) => {
      const res = await get(clicks[score], { headers: { 'user-agent': READER_UA } });
      return (await page(new URL(res.headers.get('location')!).pathname + new URL(res.headers.get('location')!).search)).text();
    };
    const first = await landed(3);
    expect(first).toContain('data-hoptrail-value="3"');
    expect(first).toContain('data-hoptrail-channel="email"');
    expect(first).not.toContain('hoptrail-send');
    const responseId = first.match(/data-hoptrail-response="([^"]+)"/)![1];
    const second = await landed(9);
    expect(second).toContain('data-hoptrail-value="9"');
    expect(second).toContain(`data-hoptrail-response="${responseId}"`);

    // What the widget on those two pages sends: the second answer replaces the first.
    const answer = (value: number, ts: number) => ({
      id: eventId(),
      site: SITE,
      type: 'survey_answered',
      visitorId: 'visitor-bob-1',
      sessionId: 'session-bob',
      seq: ts % 1000,
      ts,
      props: { surveyId: survey.id, responseId, channel: 'email', trigger: 'api', questionId: 'nps', questionType: 'nps', value, completed: false },
    });
    const now = Date.now();
    expect((await postEvents({ events: [answer(3, now - 2000), answer(9, now - 1000)] })).status).toBe(200);
    const results = await (await read(`/v1/sites/${SITE}/surveys/${survey.id}/results`, keys.read)).json<{ responses: number; questions: { id: string; answers: number; distribution: Record<string, number> }[] }>();
    const nps = results.questions.find((q) => q.id === 'nps')!;
    expect(results.responses).toBe(1);
    expect(nps.answers).toBe(1);
    expect(nps.distribution).toEqual({ '9': 1 });
  });

  it('is never answered on load when the click or the page request looks automated', async () => {
    const { clicks } = await npsMail('cy@example.com');
    // A link scanner's click: no identity on the redirect, so the page asks.
    const scanned = await get(clicks[0], { headers: { 'user-agent': 'Mimecast-Scanner/1.0' } });
    const scannedUrl = new URL(scanned.headers.get('location')!);
    expect(scannedUrl.searchParams.get('ht_nl')).toBeNull();
    const scannedPage = await (await page(scannedUrl.pathname + scannedUrl.search)).text();
    expect(scannedPage).toContain('id="hoptrail-send" value="0"');
    expect(scannedPage).not.toContain('data-hoptrail-value');
    // A person's click, but the page fetched by a headless scanner following the redirect.
    const clicked = await get(clicks[5], { headers: { 'user-agent': READER_UA } });
    const url = new URL(clicked.headers.get('location')!);
    const headless = await (await page(url.pathname + url.search, { 'user-agent': 'Mozilla/5.0 HeadlessChrome/120.0' })).text();
    expect(headless).toContain('id="hoptrail-send" value="5"');
    expect(headless).not.toContain('data-hoptrail-value');
  });

  it('gets no identity on the collector origin outside the hosted pages of its own site', async () => {
    const { res, body } = await prepare(SITE, keys.write, {
      campaign: `nps-other-${crypto.randomUUID().slice(0, 8)}`,
      html: `<a href="${ORIGIN}/dashboard/">Dashboard</a><a href="${ORIGIN}/s/another-site/${survey.id}">Other site</a>`,
      recipients: ['dee@example.com'],
      sentAt: Date.now() - 3600_000,
    });
    expect(res.status).toBe(200);
    for (const url of trackedUrls(body, tokenOf(body, 'dee@example.com')).clicks) {
      const location = new URL((await get(url, { headers: { 'user-agent': READER_UA } })).headers.get('location')!);
      expect(location.searchParams.get('ht_nl'), location.pathname).toBeNull();
    }
  });
});
