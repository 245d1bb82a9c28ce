import type { FunnelInput, GoalInput } from '../goals/goalInput';
import type { GoalMatcher } from '../goals/goalMatcher';

export interface Goal {
  id: string;
  name: string;
  matcher: GoalMatcher;
  createdAt: number;
}

export interface Funnel {
  id: string;
  name: string;
  steps: { name: string; matcher: GoalMatcher }[];
  windowMs: number;
  createdAt: number;
}

const newId = (prefix: string) => `${prefix}_${crypto.randomUUID().replace(/-/g, '').slice(0, 16)}`;

type GoalRow = { id: string; name: string; matcher: string; created_at: number };
const toGoal = (r: GoalRow): Goal => ({ id: r.id, name: r.name, matcher: JSON.parse(r.matcher), createdAt: r.created_at });

export async function listGoals(db: D1Database, site: string): Promise<Goal[]> {
  const { results } = await db.prepare('SELECT id, name, matcher, created_at FROM goals WHERE site = ? ORDER BY created_at, id').bind(site).all<GoalRow>();
  return results.map(toGoal);
}

export async function getGoal(db: D1Database, site: string, id: string): Promise<Goal | null> {
  const r = await db.prepare('SELECT id, name, matcher, created_at FROM goals WHERE site = ? AND id = ?').bind(site, id).first<GoalRow>();
  return r ? toGoal(r) : null;
}

export async function countGoals(db: D1Database, site: string): Promise<number> {
  return (await db.prepare('SELECT count(*) AS n FROM goals WHERE site = ?').bind(site).first<{ n: number }>())!.n;
}

export async function createGoal(db: D1Database, site: string, input: GoalInput, now = Date.now()): Promise<Goal> {
  const goal = { id: newId('goal'), ...input, createdAt: now };
  await db.prepare('INSERT INTO goals (site, id, name, matcher, created_at) VALUES (?, ?, ?, ?, ?)').bind(site, goal.id, goal.name, JSON.stringify(goal.matcher), now).run();
  return goal;
}

/** Replaces a goal's name and matcher; null when there is no such goal. */
export async function updateGoal(db: D1Database, site: string, id: string, input: GoalInput): Promise<Goal | null> {
  const r = await db
    .prepare('UPDATE goals SET name = ?3, matcher = ?4 WHERE site = ?1 AND id = ?2 RETURNING id, name, matcher, created_at')
    .bind(site, id, input.name, JSON.stringify(input.matcher))
    .first<GoalRow>();
  return r ? toGoal(r) : null;
}

export async function deleteGoal(db: D1Database, site: string, id: string): Promise<boolean> {
  const r = await db.prepare('DELETE FROM goals WHERE site = ? AND id = ?').bind(site, id).run();
  return (r.meta.changes ?? 0) > 0;
}

type FunnelRow = { id: string; name: string; steps: string; window_ms: number; created_at: number };
const toFunnel = (r: FunnelRow): Funnel => ({ id: r.id, name: r.name, steps: JSON.parse(r.steps), windowMs: r.window_ms, createdAt: r.created_at });

export async function listFunnels(db: D1Database, site: string): Promise<Funnel[]> {
  const { results } = await db.prepare('SELECT id, name, steps, window_ms, created_at FROM funnels WHERE site = ? ORDER BY created_at, id').bind(site).all<FunnelRow>();
  return results.map(toFunnel);
}

export async function getFunnel(db: D1Database, site: string, id: string): Promise<Funnel | null> {
  const r = await db.prepare('SELECT id, name, steps, window_ms, created_at FROM funnels WHERE site = ? AND id = ?').bind(site, id).first<FunnelRow>();
  return r ? toFunnel(r) : null;
}

export async function countFunnels(db: D1Database, site: string): Promise<number> {
  return (await db.prepare('SELECT count(*) AS n FROM funnels WHERE site = ?').bind(site).first<{ n: number }>())!.n;
}

export async function createFunnel(db: D1Database, site: string, input: FunnelInput, now = Date.now()): Promise<Funnel> {
  const funnel = { id: newId('fnl'), ...input, createdAt: now };
  await db
    .prepare('INSERT INTO funnels (site, id, name, steps, window_ms, created_at) VALUES (?, ?, ?, ?, ?, ?)')
    .bind(site, funnel.id, funnel.name, JSON.stringify(funnel.steps), funnel.windowMs, now)
    .run();
  return funnel;
}

export async function deleteFunnel(db: D1Database, site: string, id: string): Promise<boolean> {
  const r = await db.prepare('DELETE FROM funnels WHERE site = ? AND id = ?').bind(site, id).run();
  return (r.meta.changes ?? 0) > 0;
}
