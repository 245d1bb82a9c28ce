import { Hono, type Context } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { classifyRequest } from '../newsletter/classifyRequest';
import { signingKey } from '../newsletter/signingKey';
import { shortHash } from '../newsletter/shortHash';
import { verifyIdentity } from '../newsletter/tokens';
import { surveyIdSchema } from '../schema/survey';
import { siteSchema } from '../schema/event';
import { SURVEY_CHANNELS } from '../schema/surveyEvents';
import { getSurvey } from '../store/surveys';
import { hostedNotFound, hostedPage } from '../surveys/hostedPage';
import { HOSTED_LANGUAGES } from '../surveys/hostedStrings';
import { pickLanguage } from '../surveys/pickLanguage';
import { hostedCsp } from '../surveys/hostedCsp';
import { IDENTITY_PARAM } from './newsletterTracking';

/**
 * GET /s/:site/:survey — a survey's hosted page, for links in e-mail, SMS and QR codes: the real SDK
 * renders the survey inline (accessibility, languages and themes of the widget). Public and rate
 * limited like the other public routes.
 *
 * Who answers: a newsletter click reaches this page with the signed `ht_nl` identity (the collector's
 * own `/s/` pages count as the site's own hosts), and the SDK's landing flow identifies the browser as
 * the recipient, so the answer lands in that customer's journey; without it the answer is anonymous.
 *
 * `?score=N` (the one-click NPS row of a prepared newsletter): answered on load only when the visit
 * carries a valid identity (the click was not classified a machine: the click adds none for scanners)
 * and this request does not look automated either; otherwise the page asks the person to confirm.
 */
export const hostedSurveyRoute = new Hono<AppEnv>();

/** For the API reference only: the page reads each parameter leniently (a bad one is ignored, never a 400). */
export const hostedSurveyQuerySchema = z.object({
  score: z.optional(z.string()).check(z.describe('0–10: the answer to the first (NPS) question, from the one-click row')),
  lang: z.optional(z.string()).check(z.describe("language (else Accept-Language), among the survey's own and its translations")),
  channel: z.optional(z.enum(['sms', 'email', 'chat', 'in_app', 'other'])).check(z.describe('how the link was shared (default other; email with ht_nl)')),
  ht_nl: z.optional(z.string()).check(z.describe('signed newsletter identity, added by a tracked click (GET /c/…)')),
});

const HEADERS = (csp: string) => ({
  'content-type': 'text/html; charset=utf-8',
  'content-security-policy': csp,
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
  'x-frame-options': 'DENY',
  // The page differs per link (score, identity): never cached, never shared.
  'cache-control': 'private, no-store',
});

hostedSurveyRoute.get('/:site/:survey', async (c) => {
  const csp = await hostedCsp();
  const query = c.req.query('lang');
  const accept = c.req.header('accept-language');
  const site = siteSchema.safeParse(c.req.param('site'));
  const surveyId = surveyIdSchema.safeParse(c.req.param('survey'));
  const stored = site.success && surveyId.success ? await getSurvey(c.env.DB, site.data, surveyId.data) : null;
  if (!stored || stored.survey.status !== 'active') {
    const lang = pickLanguage(HOSTED_LANGUAGES, 'en', query, accept);
    return new Response(hostedNotFound(lang), { status: 404, headers: HEADERS(csp) });
  }
  const survey = stored.survey;
  const lang = pickLanguage([survey.lang, ...Object.keys(survey.translations)], survey.lang, query, accept);
  const identity = await landingIdentity(c, site.data!, surveyId.data!);
  const raw = c.req.query('score');
  const score = raw !== undefined && /^(?:10|[0-9])$/.test(raw) ? Number(raw) : undefined;
  const channelParam = c.req.query('channel');
  const channel = identity ? 'email' : SURVEY_CHANNELS.find((ch) => ch !== 'web' && ch === channelParam) ?? 'other';
  const html = hostedPage({
    site: site.data!,
    surveyId: surveyId.data!,
    title: survey.translations[lang]?.title || survey.title || survey.name,
    question: survey.translations[lang]?.questions[survey.questions[0].id]?.text || survey.questions[0].text,
    lang,
    channel,
    responseId: identity?.responseId,
    score,
    trusted: identity !== null && !looksAutomated(c),
  });
  return new Response(html, { headers: HEADERS(csp) });
});

/**
 * The visit's newsletter identity, when `ht_nl` is valid for this site: its response id, one per
 * (campaign, recipient, survey), so a second click's answer supersedes the first. Verified here only to
 * decide trust and the response id; the SDK hands the same token to /v1/landing, which identifies.
 */
async function landingIdentity(c: Context<AppEnv>, site: string, surveyId: string): Promise<{ responseId: string } | null> {
  const token = c.req.query(IDENTITY_PARAM);
  if (!token || token.length > 600) return null;
  let key: CryptoKey;
  try {
    key = await signingKey(c.env.NEWSLETTER_SECRET);
  } catch (err) {
    // No newsletter secret: the page still works, anonymously.
    console.error(err);
    return null;
  }
  const verdict = await verifyIdentity(key, token, Date.now());
  if (!verdict.ok || verdict.claims.site !== site) return null;
  const { campaign, who } = verdict.claims;
  const recipient = 'ref' in who ? `ref:${who.ref}` : `id:${who.id}`;
  return { responseId: `nl-${await shortHash(`${site}\n${campaign}\n${recipient}\n${surveyId}`)}` };
}

/** This page request itself (user agent, network): a link scanner that follows redirects. */
function looksAutomated(c: Context<AppEnv>): boolean {
  const asn = (c.req.raw.cf as { asn?: unknown } | undefined)?.asn;
  // The send time is the click's concern (it already classified it); here only who is asking counts.
  const verdict = classifyRequest({ userAgent: c.req.header('user-agent') ?? '', asn: typeof asn === 'number' ? asn : undefined, msSinceSend: -1 });
  return verdict.class !== 'human';
}
