import { computeScore, type HappyIndex } from '../score/computeScore';
import { personScores } from '../score/personScores';
import type { ScoreConfig } from '../score/scoreConfig';
import { matchSegment, type SegmentSpec } from '../segments/matchSegment';
import { readVisitorsByIds } from '../store/exports';

/** Entries an export remembers per visitor before starting over: bounds memory on any export size. */
const CACHE_MAX = 10_000;

/**
 * Per-visitor facts an export row carries (its person's current Happy Index) or filters on (segment membership),
 * looked up once per page for the page's visitors and remembered in a bounded cache.
 */
export class VisitorFacts {
  private scores = new Map<string, HappyIndex>();
  private members = new Map<string, boolean>();

  constructor(
    private db: D1Database,
    private site: string,
    private config: ScoreConfig,
    private segment: SegmentSpec | null,
    private now: number,
  ) {}

  async load(visitorIds: string[]): Promise<void> {
    const missing = [...new Set(visitorIds)].filter((id) => !this.scores.has(id));
    if (!missing.length) return;
    if (this.scores.size + missing.length > CACHE_MAX) {
      this.scores.clear();
      this.members.clear();
    }
    const summaries = await readVisitorsByIds(this.db, this.site, missing);
    const scores = await personScores(this.db, this.site, this.config, summaries, this.now);
    for (const id of missing) this.scores.set(id, scores.get(id) ?? computeScore(this.config, [], this.now));
    if (this.segment) {
      const inSegment = await matchSegment(this.db, this.site, this.config, this.segment, summaries, this.now);
      for (const id of missing) this.members.set(id, inSegment.has(id));
    }
  }

  score(visitorId: string): HappyIndex | undefined {
    return this.scores.get(visitorId);
  }

  /** True when there is no segment filter or the visitor is a member. */
  included(visitorId: string): boolean {
    return !this.segment || this.members.get(visitorId) === true;
  }
}
