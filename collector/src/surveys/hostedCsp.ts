import { STYLES } from '../../../sdk/src/survey/styles';

/**
 * The hosted page's Content-Security-Policy: scripts, styles and requests of this origin only, no
 * inline script, no framing. The one inline thing allowed is the survey widget's own stylesheet (it
 * puts a <style> into its shadow root), by the hash of that exact text: imported from the SDK, so the
 * two cannot drift apart.
 */
// The string, not the promise, is kept: a promise made in one request is not awaited in another (workerd).
let csp: string | undefined;

export async function hostedCsp(): Promise<string> {
  if (csp) return csp;
  const digest = await crypto.subtle.digest('SHA-256', new TextEncoder().encode(STYLES));
  const hash = btoa(String.fromCharCode(...new Uint8Array(digest)));
  return (csp = [
    "default-src 'none'",
    "script-src 'self'",
    `style-src 'self' 'sha256-${hash}'`,
    "img-src 'self' data:",
    "connect-src 'self'",
    "base-uri 'none'",
    "form-action 'none'",
    "frame-ancestors 'none'",
  ].join('; '));
}
