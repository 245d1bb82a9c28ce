import { describe, expect, it, vi } from 'vitest';
import { uuidv7 } from '../src/lib/uuidv7';

describe('uuidv7', () => {
  it('makes RFC 9562 version-7 ids', () => {
    expect(uuidv7()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('encodes the time, so ids from later milliseconds sort after earlier ones', () => {
    vi.useFakeTimers();
    try {
      vi.setSystemTime(1_700_000_000_000);
      const a = uuidv7();
      vi.setSystemTime(1_700_000_000_001);
      const b = uuidv7();
      expect(a < b).toBe(true);
      expect(parseInt(a.replace(/-/g, '').slice(0, 12), 16)).toBe(1_700_000_000_000);
    } finally {
      vi.useRealTimers();
    }
  });

  it('does not repeat', () => {
    const ids = new Set(Array.from({ length: 10_000 }, uuidv7));
    expect(ids.size).toBe(10_000);
  });
});
