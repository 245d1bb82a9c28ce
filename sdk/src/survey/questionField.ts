import { h } from './h';
import { SCALES } from '../../../collector/src/schema/vocabulary';
import type { UiStrings } from './strings';
import type { Question } from './types';

export type Answer = number | string | string[];

/** Question as shown: the survey's texts with the page language's translation laid over them. */
export type ShownQuestion = Question & { lowLabel?: string; highLabel?: string; placeholder?: string; choices?: string[] };

const EMOJI = ['😞', '🙁', '😐', '🙂', '😀'];

/**
 * The control for one question and a reader for its answer (undefined: not answered). Scales are
 * native radio groups in a fieldset: arrow keys move across them, the legend names them.
 */
export function questionField(q: ShownQuestion, canonical: Question, t: UiStrings): [HTMLElement, () => Answer | undefined] {
  if (q.type == 'text') {
    const area = h('textarea', { id: 'qa', part: 'textarea', maxlength: '1000' });
    if (q.placeholder) area.placeholder = q.placeholder;
    return [h('div', {}, h('label', { for: 'qa' }, q.text), area), () => area.value.trim() || undefined];
  }
  const choices = 'choices' in canonical ? canonical.choices : undefined;
  const [lo, hi]: readonly number[] = SCALES[q.type as keyof typeof SCALES] || (q.type == 'rating' ? [1, q.scale] : [0, 0]);
  const values: string[] = choices || (q.type == 'thumbs' ? ['up', 'down'] : []);
  for (let n = lo; n <= hi && !choices; n++) values.push(String(n));
  const multiple = q.type == 'multiple';
  const list = h('div', { class: choices ? 'o c' : 'o' });
  values.forEach((value, i) => {
    const input = h('input', { type: multiple ? 'checkbox' : 'radio', name: 'q', value });
    let face = choices ? q.choices?.[i] || value : value;
    if (q.type == 'thumbs') {
      input.setAttribute('aria-label', i ? t.no : t.yes);
      face = i ? '👎' : '👍';
    } else if (q.type == 'rating' && q.style != 'numbers') {
      input.setAttribute('aria-label', `${value} ${t.of} ${hi}`);
      face = q.style == 'stars' ? '★' : EMOJI[hi == 3 ? i * 2 : i];
    }
    list.append(h('label', { part: 'option' }, input, h('span', { 'aria-hidden': String(input.hasAttribute('aria-label')) }, face)));
  });
  const ends = [q.lowLabel, q.highLabel];
  const fallback = t.ends[q.type] || [];
  const fieldset = h('fieldset', {}, h('legend', {}, q.text), list);
  if (!choices && q.type != 'thumbs' && (ends[0] || fallback[0])) {
    fieldset.setAttribute('aria-describedby', 'qe');
    fieldset.append(h('div', { class: 'e', id: 'qe' }, h('span', {}, ends[0] || fallback[0]), h('span', {}, ends[1] || fallback[1] || '')));
  }
  const read = () => {
    const picked = [...list.querySelectorAll<HTMLInputElement>('input:checked')].map((i) => i.value);
    if (multiple) return picked.length ? picked : undefined;
    return picked[0] == undefined ? undefined : choices || q.type == 'thumbs' ? picked[0] : +picked[0];
  };
  return [fieldset, read];
}
