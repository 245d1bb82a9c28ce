import { observations } from '../../score/observations';
import { accumulateStatements } from '../scoreState';
import type { Projection } from './types';

/**
 * Happy Index state: each signal's observations of this batch's events, added as integer sums to
 * score_state in the same transaction (see score/decay.ts). Rows the insert ignored as duplicates
 * have another batch_id, so a retry adds nothing. The recent days (score_recent) are dated by receipt.
 */
export const scoreState: Projection = ({ db, site, batchId, rows, receivedAt }) => {
  const obs = observations(rows);
  if (!obs.length) return [];
  return accumulateStatements(db, site, JSON.stringify(obs), batchId, receivedAt);
};
