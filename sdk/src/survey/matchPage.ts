import type { Survey } from './types';

/**
 * A pop-up's URL rules (and newsletter landing), compiled by the collector into one regex
 * (`gate.page`), against this page. Inline surveys have no gate: their element is their page rule.
 */
export const matchPage = (s: Survey) => !s.gate || RegExp(s.gate.page).test(location.href);
