import { Hono } from 'hono';
import * as z from '../schema/zod';
import type { AppEnv } from '../env';
import { durably, fail, notFound } from '../http/errors';
import { readJsonBody } from '../http/readBody';
import { campaignReport } from '../newsletter/campaignReport';
import { prepareNewsletter } from '../newsletter/prepareNewsletter';
import { insertNpsRow, npsRow } from '../newsletter/npsRow';
import { hostedSurveyPath } from '../surveys/hostedSurveyPath';
import { newsletterKey } from '../newsletter/newsletterKey';
import { recordReceived } from '../newsletter/recordReceived';
import { OPEN_LINK_ID, signLink, signRecipient, UNSIGNED_PREFIX } from '../newsletter/tokens';
import { customerIdSchema } from '../schema/event';
import { campaignSchema } from '../schema/newsletterEvents';
import { parseOr400 } from '../schema/parse';
import { getCampaign, getLinks, listCampaigns, saveCampaign, type Campaign } from '../store/newsletters';
import { getSurvey } from '../store/surveys';
import { surveyIdSchema } from '../schema/survey';
import { siteExists } from '../store/sites';

const DAY_MS = 86_400_000;
/** Recipients per request: signing is ~µs each, but one request should stay well inside CPU limits. */
export const RECIPIENTS_PER_REQUEST = 1000;

export const prepareSchema = z.strictObject({
    campaign: campaignSchema,
    html: z.optional(z.string().check(z.maxLength(1_000_000))),
    text: z.optional(z.string().check(z.maxLength(200_000))),
    // Pasted into the mail by the email tool per recipient: quotes, angle brackets or controls would break the HTML.
    mergeTag: z._default(z.string().check(z.minLength(1), z.maxLength(64), z.regex(/^[^"'<>\u0000-\u001f]+$/, 'may not contain quotes, < > or control characters')), '*|HT|*'),
    unsignedRecipient: z._default(z.boolean(), false),
    recipients: z._default(z.array(customerIdSchema).check(z.maxLength(RECIPIENTS_PER_REQUEST)), []),
    expiresInDays: z._default(z.number().check(z.int(), z.gte(1), z.lte(365)), 90),
    sentAt: z.optional(z.number().check(z.int(), z.gte(0))),
    /** Origin the tracked links point at (a custom tracking domain); by default this collector's. */
    baseUrl: z.optional(z.url({ protocol: /^https?$/ })),
    /** A survey whose first question is NPS: a 0–10 row of one-click links to its hosted page (npsRow.ts). */
    nps: z.optional(surveyIdSchema),
  });

/**
 * POST /v1/sites/:site/newsletters (write key): prepare a newsletter, sign tokens for recipients (each an
 * opaque ref, never the id) and record that each recipient received the campaign.
 */
export const newsletterWritesRoute = new Hono<AppEnv>();
newsletterWritesRoute.post('/newsletters', async (c) => {
  const site = c.req.param('site')!;
  const now = Date.now();
  const body = parseOr400(prepareSchema, await readJsonBody(c.req.raw, 2 * 1024 * 1024));
  if (!(await siteExists(c.env.DB, site))) notFound('site');
  const key = await newsletterKey(c.env.NEWSLETTER_SECRET);

  const existing = await getCampaign(c.env.DB, site, body.campaign);
  if (existing && existing.unsignedRecipient !== body.unsignedRecipient) {
    fail(409, `unsignedRecipient: campaign "${body.campaign}" was prepared with unsignedRecipient ${existing.unsignedRecipient}`, 'unsignedRecipient');
  }
  if (!existing && body.html === undefined && body.text === undefined) {
    fail(400, 'html: give the newsletter as html and/or text (only recipients may be added to an existing campaign)', 'html');
  }
  const campaign: Campaign = existing ?? {
    site,
    campaign: body.campaign,
    unsignedRecipient: body.unsignedRecipient,
    sentAt: body.sentAt ?? now,
    expiresAt: now + body.expiresInDays * DAY_MS,
  };

  const base = (body.baseUrl ?? new URL(c.req.url).origin).replace(/\/$/, '');
  const recipientPart = (campaign.unsignedRecipient ? UNSIGNED_PREFIX : '') + body.mergeTag;
  const link = (linkId: number) =>
    signLink(key, { site, campaign: body.campaign, linkId, expiresAt: Math.floor(campaign.expiresAt / 1000), unsignedRecipient: campaign.unsignedRecipient });
  const { html, text } = body.nps === undefined ? body : await withNpsRow(c.env.DB, site, body.nps, body, base);
  const prepared = await prepareNewsletter({
    html,
    text,
    existingLinks: await getLinks(c.env.DB, site, body.campaign),
    clickUrl: async (id) => `${base}/c/${await link(id)}.${recipientPart}`,
    pixelUrl: `${base}/o/${await link(OPEN_LINK_ID)}.${recipientPart}`,
  });
  const signed = campaign.unsignedRecipient
    ? body.recipients.map((recipient) => ({ recipient, ref: null, token: null }))
    : await Promise.all(body.recipients.map(async (recipient) => ({ recipient, ...(await signRecipient(key, site, body.campaign, recipient)) })));
  await durably(() => saveCampaign(c.env.DB, campaign, prepared.newLinks, signed, now));
  // Two prepares of one campaign at once could give the same new link id to different addresses; the
  // first one stored wins, and the other must not hand out a mail whose links point elsewhere.
  if (prepared.newLinks.length) {
    const stored = new Map((await getLinks(c.env.DB, site, body.campaign)).map((l) => [l.id, l.url]));
    if (prepared.newLinks.some((l) => stored.get(l.id) !== l.url)) {
      fail(409, `campaign: "${body.campaign}" was being prepared at the same time; prepare again`, 'campaign');
    }
  }
  // Each recipient's journey starts here: a newsletter_received step at the send time.
  await recordReceived(c.env, campaign, body.recipients, now);

  return c.json({
    campaign: body.campaign,
    unsignedRecipient: campaign.unsignedRecipient,
    mergeTag: body.mergeTag,
    expiresAt: campaign.expiresAt,
    ...(prepared.html !== undefined && { html: prepared.html }),
    ...(prepared.text !== undefined && { text: prepared.text }),
    links: prepared.links,
    skipped: prepared.skipped,
    ...(!campaign.unsignedRecipient && { tokens: signed.map(({ recipient, token }) => ({ recipient, token })) }),
  });
});

/**
 * The HTML with the survey's one-click row in it, and the plain text (if any) with the question and a
 * link to the hosted page (a score per link would be eleven lines); 400 naming `nps` when the survey
 * cannot take it.
 */
async function withNpsRow(
  db: D1Database,
  site: string,
  surveyId: string,
  { html, text }: { html?: string; text?: string },
  base: string,
): Promise<{ html: string; text?: string }> {
  if (html === undefined) fail(400, 'nps: the one-click row goes into the HTML part: give html', 'nps');
  const stored = await getSurvey(db, site, surveyId);
  if (!stored) fail(400, `nps: no survey "${surveyId}" on this site`, 'nps');
  const first = stored.survey.questions[0];
  if (first?.type !== 'nps') fail(400, `nps: survey "${surveyId}" must start with an NPS question`, 'nps');
  const pageUrl = `${base}${hostedSurveyPath(site, surveyId)}`;
  const row = npsRow({ pageUrl, question: first.text, lowLabel: first.lowLabel ?? 'Not at all likely', highLabel: first.highLabel ?? 'Extremely likely' });
  return {
    html: insertNpsRow(html, row),
    ...(text !== undefined && { text: `${text.replace(/\s*$/, '')}\n\n${first.text}\n${pageUrl}\n` }),
  };
}

/** GET /v1/sites/:site/newsletters/:campaign (read key, checked by the parent): the campaign report. */
export const newsletterReadsRoute = new Hono<AppEnv>();
newsletterReadsRoute.get('/newsletters/:campaign', async (c) => {
  const site = c.req.param('site')!;
  const campaign = await getCampaign(c.env.DB, site, c.req.param('campaign'));
  if (!campaign) notFound('campaign');
  return c.json(await campaignReport(c.env.DB, site, campaign));
});

// GET /v1/sites/:site/newsletters — prepared campaigns, newest first, with recipients tokens were issued for.
newsletterReadsRoute.get('/newsletters', async (c) => c.json({ newsletters: await listCampaigns(c.env.DB, c.req.param('site')!) }));
