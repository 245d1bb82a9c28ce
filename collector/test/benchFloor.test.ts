import { createExecutionContext, env, waitOnExecutionContext } from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../src/index';
import { BENCH_FLOOR_PATH } from '../src/http/benchFloor';
import { ORIGIN } from './helpers';

async function floor(vars: Record<string, string>, query = '', init: RequestInit = { method: 'POST', body: '{"events":[]}' }) {
  const ctx = createExecutionContext();
  const res = await worker.fetch(new Request(`${ORIGIN}${BENCH_FLOOR_PATH}${query}`, init), { ...env, ...vars }, ctx);
  await waitOnExecutionContext(ctx);
  return { status: res.status, body: await res.text() };
}

describe('the benchmarks’ HTTP floor', () => {
  it('answers only when BENCH_FLOOR=1 is set, which no deployed configuration does', async () => {
    expect(await floor({ BENCH_FLOOR: '1' })).toEqual({ status: 200, body: '{"accepted":0}' });
    expect((await floor({})).body).not.toBe('{"accepted":0}');
    expect((await floor({ BENCH_FLOOR: 'true' })).body).not.toBe('{"accepted":0}');
  });

  it('answers a read its own bytes again (kept with ?keep=1, replayed with ?replay=1): the floor of a journey page', async () => {
    const page = '{"visitor":{"visitorId":"v"},"events":[{"id":"é1","props":{"title":"\\"Page\\""}}],"nextCursor":null}';
    expect(await floor({ BENCH_FLOOR: '1' }, '?keep=1', { method: 'POST', body: page })).toEqual({ status: 200, body: '{"accepted":0}' });
    expect(await floor({ BENCH_FLOOR: '1' }, '?replay=1', { method: 'GET' })).toEqual({ status: 200, body: page });
  });
});
