import { readFileSync } from 'node:fs';

/**
 * Recipient ids from a CSV: the first column of each row (ids or email addresses), a header row
 * (`id`, `email`, `recipient`, …) skipped, quotes removed, duplicates dropped, order kept.
 */
export function readRecipients(file) {
  const rows = readFileSync(file, 'utf8').split(/\r?\n/);
  const ids = [];
  const seen = new Set();
  rows.forEach((row, i) => {
    const first = row.split(',')[0].trim().replace(/^"(.*)"$/, '$1').trim();
    if (!first || (i === 0 && /^(id|email|e-mail|recipient|customer_?id|user_?id)$/i.test(first))) return;
    if (!seen.has(first)) ids.push(first), seen.add(first);
  });
  return ids;
}

/** A CSV cell, quoted when it holds a comma, quote or line break (RFC 4180). */
export const csvCell = (value) => (/[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value);
