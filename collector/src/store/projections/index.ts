import { alertInbox } from './alertInbox';
import { identity } from './identity';
import { newsletterFunnel } from './newsletterFunnel';
import { orders } from './orders';
import { pageHours } from './pageHours';
import { scoreState } from './scoreState';
import { seenHosts } from './seenHosts';
import { sessions } from './sessions';
import { surveyHours } from './surveyHours';
import type { Projection } from './types';
import { visitorSummary } from './visitorSummary';
import { vitalHours } from './vitalHours';
import { vitalSamples } from './vitalSamples';

/**
 * Every derived table kept current at ingest, in order. Add a projection here to plug a new one in
 * (it runs in the same transaction as the events insert; see types.ts).
 */
export const PROJECTIONS: Projection[] = [visitorSummary, identity, newsletterFunnel, scoreState, vitalSamples, vitalHours, pageHours, surveyHours, seenHosts, sessions, orders, alertInbox];
