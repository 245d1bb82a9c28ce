import { readFileSync, writeFileSync } from 'node:fs';
import { CliError } from '../lib/cliError.mjs';
import { callCollector, collectorConfig } from '../lib/collectorClient.mjs';
import { commandArgs, COLLECTOR_OPTIONS } from '../lib/commandArgs.mjs';
import { csvCell, readRecipients } from '../lib/readRecipients.mjs';

export const summary = 'prepare a newsletter: tracked click links, an open pixel, signed recipient tokens';

const USAGE = `Usage: hoptrail newsletter prepare --campaign ID --in email.html --out email.tracked.html [options]

Rewrites every http(s) link into a tracked click link and adds an open pixel, through the collector
(which keeps the links and the signing secret). One prepared file serves every recipient: each tracked
URL ends in a merge tag that your email tool fills with the recipient's signed token (an opaque reference:
no link holds the recipient id or address).

  --campaign ID            campaign id (lowercase letters, digits, - and _)
  --in FILE                the newsletter HTML            --out FILE        where to write the prepared HTML
  --text-in FILE           its plain-text part (optional) --text-out FILE   where to write the prepared text
  --recipients FILE        CSV of recipient ids or emails (first column; a header row is skipped)
  --tokens-out FILE        CSV of recipient,<merge field>: import it into your email tool as a custom field
  --merge-tag TAG          your tool's syntax for that field (default *|HT|*; e.g. {{ contact.ht }})
  --unsigned-recipient     your tool cannot take a custom field: --merge-tag is then its recipient id tag
                           (an opaque one such as *|UNIQID|*: it travels as written); reports mark
                           every figure as unverified
  --nps SURVEY_ID          add a one-click 0–10 row for that survey (its first question must be NPS):
                           where the HTML has <!--hoptrail:nps-->, else at the end; each score is a
                           tracked link to the survey's hosted page, which records it for the recipient
  --expires-days N         how long tracked links work (default 90)
  --sent-at ISO-TIME       when the mail goes out (helps tell scanners from readers; default now)
  --api URL --site ID --key KEY   the collector (default: HOPTRAIL_API, HOPTRAIL_SITE, HOPTRAIL_WRITE_KEY,
                           then the local development collector of \`npm start\`)`;

const CHUNK = 1000; // recipients per request (the API's limit)

export async function run(argv) {
  const args = commandArgs(argv, {
    command: 'newsletter',
    usage: USAGE,
    subcommands: {
      prepare: {
        ...COLLECTOR_OPTIONS,
        campaign: { type: 'string' },
        in: { type: 'string' },
        out: { type: 'string' },
        'text-in': { type: 'string' },
        'text-out': { type: 'string' },
        recipients: { type: 'string' },
        'tokens-out': { type: 'string' },
        'merge-tag': { type: 'string' },
        'unsigned-recipient': { type: 'boolean', default: false },
        'expires-days': { type: 'string' },
        'sent-at': { type: 'string' },
        'base-url': { type: 'string' },
        nps: { type: 'string' },
      },
    },
  });
  if (args) await prepare(args.values);
}

async function prepare(values) {
  if (!values.campaign) throw new CliError('--campaign is required');
  if (!values.in && !values['text-in']) throw new CliError('--in (HTML) or --text-in (plain text) is required');
  if (values.in && !values.out) throw new CliError('--out is required with --in');
  if (values['text-in'] && !values['text-out']) throw new CliError('--text-out is required with --text-in');
  const unsigned = values['unsigned-recipient'];
  if (values.recipients && !unsigned && !values['tokens-out']) throw new CliError('--tokens-out is required with --recipients');

  const config = collectorConfig(values);
  const recipients = values.recipients ? readRecipients(values.recipients) : [];
  const sentAt = values['sent-at'] ? Date.parse(values['sent-at']) : undefined;
  if (Number.isNaN(sentAt)) throw new CliError('--sent-at must be a date and time, e.g. 2026-11-24T09:00:00Z');
  const common = {
    campaign: values.campaign,
    unsignedRecipient: unsigned,
    ...(values['merge-tag'] && { mergeTag: values['merge-tag'] }),
  };
  const path = `/v1/sites/${encodeURIComponent(config.site)}/newsletters`;

  const first = await callCollector(config, 'POST', path, {
    ...common,
    ...(values.in && { html: readFileSync(values.in, 'utf8') }),
    ...(values['text-in'] && { text: readFileSync(values['text-in'], 'utf8') }),
    ...(values['expires-days'] && { expiresInDays: Number(values['expires-days']) }),
    ...(sentAt !== undefined && { sentAt }),
    ...(values['base-url'] && { baseUrl: values['base-url'] }),
    ...(values.nps && { nps: values.nps }),
    recipients: recipients.slice(0, CHUNK),
  });
  const tokens = [...(first.tokens ?? [])];
  for (let at = CHUNK; at < recipients.length; at += CHUNK) {
    const more = await callCollector(config, 'POST', path, { ...common, recipients: recipients.slice(at, at + CHUNK) });
    tokens.push(...(more.tokens ?? []));
  }

  if (values.out) writeFileSync(values.out, first.html);
  if (values['text-out']) writeFileSync(values['text-out'], first.text);
  const field = mergeFieldName(first.mergeTag);
  if (values['tokens-out'] && !unsigned) {
    writeFileSync(values['tokens-out'], [`recipient,${field}`, ...tokens.map((t) => `${csvCell(t.recipient)},${t.token}`)].join('\n') + '\n');
  }

  const lines = [`Prepared campaign "${first.campaign}" on ${config.api} (site ${config.site}):`];
  for (const link of first.links) lines.push(`  link ${link.id} ×${link.occurrences}  ${link.url}`);
  for (const skip of first.skipped) lines.push(`  kept as written: ${skip.href}  (${skip.reason})`);
  if (values.nps) lines.push(`One-click NPS row for survey "${values.nps}": 11 of the links above`);
  if (values.out) lines.push(`HTML → ${values.out}`);
  if (values['text-out']) lines.push(`Text → ${values['text-out']}`);
  if (unsigned) {
    lines.push(`Unsigned-recipient mode: links end in ${first.mergeTag}; the report marks every figure as unverified.`);
  } else {
    if (values['tokens-out']) lines.push(`${tokens.length} signed recipient tokens → ${values['tokens-out']} (import as the custom field "${field}")`);
    lines.push(`Links end in the merge tag ${first.mergeTag}: your email tool fills it with each recipient's "${field}".`);
  }
  console.log(lines.join('\n'));
}

/** `*|HT|*` → HT, `{{ contact.ht }}` → ht: the custom field the tokens CSV fills. */
function mergeFieldName(tag) {
  return /([A-Za-z_][A-Za-z0-9_]*)[^A-Za-z0-9_]*$/.exec(tag)?.[1] ?? 'HT';
}
