import type { Refusal } from '../ingest/refusal';
import type { MappedBatch } from './toHoptrailEvents';

/**
 * Ingest's refusals (by index in the Hoptrail events) as refusals of the Segment messages they came
 * from: the message's index, and the field as the sender wrote it (`batch[2].properties.plan`, not
 * `events[3].props.plan`). One refusal per message, the first.
 */
export function segmentRefusals(refused: readonly Refusal[], mapped: MappedBatch, prefix: (index: number) => string): Refusal[] {
  const out = new Map<number, Refusal>();
  for (const r of refused) {
    const index = mapped.origin[r.index];
    if (out.has(index)) continue;
    const hoptrail = `events[${r.index}]`;
    if (!r.field.startsWith(hoptrail)) {
      out.set(index, { ...r, index }); // refused by the mapping itself: already in Segment's terms
      continue;
    }
    let rest = r.field.slice(hoptrail.length);
    const rename = mapped.renames[r.index].find(([from]) => rest === from || rest.startsWith(`${from}.`) || rest.startsWith(`${from}[`));
    if (rename) rest = rename[1] + rest.slice(rename[0].length);
    const at = prefix(index);
    const field = at ? at + rest : rest.replace(/^\./, '') || 'body';
    const message = r.message.startsWith(r.field) ? field + r.message.slice(r.field.length) : r.message;
    out.set(index, { index, field, message });
  }
  return [...out.values()].sort((a, b) => a.index - b.index);
}
