import { afterEach, describe, expect, it, vi } from 'vitest';
import { readScriptConfig } from '../src/readScriptConfig';

const script = (attrs: Record<string, string>) => {
  const s = document.createElement('script');
  s.src = 'https://collector.example/hoptrail.js';
  for (const [name, value] of Object.entries(attrs)) s.setAttribute(name, value);
  return s;
};

afterEach(() => vi.restoreAllMocks());

describe('readScriptConfig', () => {
  it('reads the options from the data attributes, with the script origin as the collector', () => {
    expect(readScriptConfig(script({ 'data-site': 'demo', 'data-auto': 'false', 'data-debug': '' }))).toMatchObject({
      site: 'demo',
      api: 'https://collector.example',
      debug: true,
      autoPageviews: 'false',
    });
  });

  it('without data-site starts nothing, and says why only with data-debug', () => {
    const warn = vi.spyOn(console, 'warn').mockImplementation(() => {});
    expect(readScriptConfig(script({}))).toBeUndefined();
    expect(readScriptConfig(null)).toBeUndefined();
    expect(warn).not.toHaveBeenCalled();
    expect(readScriptConfig(script({ 'data-debug': '' }))).toBeUndefined();
    expect(warn).toHaveBeenCalledWith('[hoptrail]', 'no data-site');
  });
});
