import { describe, expect, it } from 'vitest';
import { classifyRequest } from '../src/newsletter/classifyRequest';

const HOUR = 3600_000;
const SAFARI = 'Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148';
const OUTLOOK = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0 Safari/537.36 Edg/124.0';

describe('who opened or clicked: open classification', () => {
  const cases: [string, Parameters<typeof classifyRequest>[0], string, number][] = [
    ['a mail client an hour after the send', { userAgent: SAFARI, msSinceSend: HOUR }, 'human', 0.8],
    ['a desktop client on a home network', { userAgent: OUTLOOK, asn: 3320, msSinceSend: 2 * HOUR }, 'human', 0.8],
    ['Apple Mail Privacy Protection relay (AS714, bare UA)', { userAgent: 'Mozilla/5.0', asn: 714, msSinceSend: 5 * 60_000 }, 'apple_mpp', 0.95],
    ['Apple relay network with a fuller UA', { userAgent: SAFARI, asn: 6185, msSinceSend: HOUR }, 'apple_mpp', 0.85],
    ['the bare MPP user agent off Apple networks (local dev has no ASN)', { userAgent: 'Mozilla/5.0', msSinceSend: HOUR }, 'apple_mpp', 0.7],
    ['Gmail image proxy', { userAgent: 'Mozilla/5.0 (Windows NT 5.1; rv:11.0) Gecko Firefox/11.0 (via ggpht.com GoogleImageProxy)', asn: 15169, msSinceSend: HOUR }, 'image_proxy', 0.95],
    ['Yahoo image proxy', { userAgent: 'YahooMailProxy; https://help.yahoo.com/kb/yahoo-mail-proxy-SLN28749.html', msSinceSend: HOUR }, 'image_proxy', 0.95],
    ['a security scanner user agent', { userAgent: 'Barracuda Sentinel (EE)', msSinceSend: HOUR }, 'scanner', 0.75],
    ['a script without a browser', { userAgent: 'python-requests/2.32.3', msSinceSend: HOUR }, 'scanner', 0.75],
    ['no user agent at all', { userAgent: '', msSinceSend: HOUR }, 'scanner', 0.75],
    ['a browser UA from a datacenter (AWS)', { userAgent: OUTLOOK, asn: 16509, msSinceSend: HOUR }, 'scanner', 0.75],
    ['a browser UA seconds after the send', { userAgent: OUTLOOK, msSinceSend: 3_000 }, 'scanner', 0.75],
    ['a scanner UA, from Azure, seconds after the send', { userAgent: 'Mozilla/5.0 (compatible; SafeLinks)', asn: 8075, msSinceSend: 1_000 }, 'scanner', 0.99],
  ];
  for (const [name, facts, cls, confidence] of cases) {
    it(`${name} → ${cls} (${confidence})`, () => {
      const verdict = classifyRequest(facts);
      expect(verdict.class).toBe(cls);
      expect(verdict.confidence).toBeCloseTo(confidence, 5);
      if (cls !== 'human') expect(verdict.reasons.length).toBeGreaterThan(0);
    });
  }
});
