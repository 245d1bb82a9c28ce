import { describe, expect, it } from 'vitest';
import { app } from '../src/index';
import { read } from './helpers';

interface Doc {
  openapi: string;
  paths: Record<string, Record<string, { parameters: { name: string; in: string }[]; requestBody?: { content: Record<string, { schema: Record<string, unknown> }> }; security: unknown[] }>>;
}

describe('GET /v1/openapi.json', () => {
  it('describes every /v1 route the collector serves, and the hosted survey pages', async () => {
    const res = await read('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json<Doc>();
    expect(doc.openapi).toBe('3.1.0');
    const served = app.routes
      .filter((r) => r.method !== 'ALL' && (r.path.startsWith('/v1') || r.path === '/s/:site/:survey'))
      .map((r) => `${r.method.toLowerCase()} ${r.path.replace(/:([A-Za-z]+)/g, '{$1}')}`);
    const described = Object.entries(doc.paths).flatMap(([path, ops]) => Object.keys(ops).map((m) => `${m} ${path}`));
    expect(new Set(described)).toEqual(new Set(served));
  });

  it('takes bodies and query parameters from the schemas the routes validate with', async () => {
    const doc = await (await read('/v1/openapi.json')).json<Doc>();
    const ingest = doc.paths['/v1/events'].post.requestBody!.content['application/json'].schema as { properties: { events: { items: unknown } } };
    // The event union, with each type's payload.
    expect(JSON.stringify(ingest.properties.events.items)).toContain('"survey_answered"');
    expect(JSON.stringify(ingest.properties.events.items)).toContain('"LCP"');
    const exportParams = doc.paths['/v1/sites/{site}/exports/journeys'].get.parameters.map((p) => p.name);
    expect(exportParams).toEqual(['site', 'format', 'from', 'to', 'segment', 'campaign', 'types', 'bom', 'limit', 'cursor']);
    const config = doc.paths['/v1/sites/{site}/scores/config'].put.requestBody!.content['application/json'].schema;
    expect(JSON.stringify(config)).toContain('halfLifeDays');
    expect(doc.paths['/v1/sites/{site}/scores/config'].put.security).toEqual([{ writeKey: [] }]);
  });
});
