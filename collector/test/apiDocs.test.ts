import { describe, expect, it } from 'vitest';
import { renderApiMarkdown } from '../src/openapi/apiMarkdown';
import { read } from './helpers';

describe('docs/api.md', () => {
  it('is the OpenAPI document the collector serves, rendered (run `npm run docs:api` after changing a route)', async () => {
    const doc = await (await read('/v1/openapi.json')).json<Parameters<typeof renderApiMarkdown>[0]>();
    await expect(renderApiMarkdown(doc)).toMatchFileSnapshot('../../docs/api.md');
  });
});
