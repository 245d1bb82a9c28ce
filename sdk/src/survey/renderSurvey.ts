import { h } from './h';
import { questionField, type Answer, type ShownQuestion } from './questionField';
import type { UiStrings } from './strings';
import { STYLES } from './styles';
import type { Question, Survey } from './types';

export interface SurveyView {
  title: string;
  thankYou: string;
  questions: ShownQuestion[];
  t: UiStrings;
}

export interface SurveyCallbacks {
  answer(q: Question, value: Answer, completed: boolean): void;
  dismiss(questionId: string | undefined): void;
}

/**
 * Renders a survey in a shadow root: a pop-up dialog (corner, or centre with a backdrop) or inline in
 * `target`. One question at a time; follow-ups only when their `showIf` fits an earlier answer.
 * Pop-ups move focus in, keep it in, close on Escape and give focus back when they close.
 */
export function renderSurvey(survey: Survey, view: SurveyView, target: Element | undefined, on: SurveyCallbacks, preset?: string | null) {
  const { t } = view;
  const popup = !target;
  const centre = popup && survey.placement.position == 'centre';
  const host = h('div', { 'data-hoptrail-widget': survey.id });
  const root = host.attachShadow({ mode: 'open' });
  const status = h('p', { class: 'st', role: 'status', part: 'status' });
  const title = h('h2', { id: 'ht', part: 'title' }, view.title);
  const form = h('form', {});
  const dialog = h(
    'section',
    { class: `d ${popup ? (centre ? 'm' : 'p') : 'i'}`, part: 'dialog', 'aria-labelledby': 'ht' },
    title,
    form,
    status,
  );
  const style = h('style');
  style.textContent = STYLES;
  root.append(style);
  if (centre) root.append(h('div', { class: 'bd', part: 'backdrop' }));
  root.append(dialog);
  const previous = document.activeElement as HTMLElement | null;
  const answers: Record<string, Answer> = {};
  let index = -1;
  let done = false;
  let timer = 0;

  const close = () => {
    clearTimeout(timer);
    host.remove();
    if (popup && previous?.isConnected) previous.focus();
  };
  const dismiss = () => {
    if (!done) on.dismiss(view.questions[index]?.id);
    close();
  };

  if (popup) {
    dialog.setAttribute('role', 'dialog');
    dialog.setAttribute('aria-modal', String(centre));
    const x = h('button', { type: 'button', class: 'x', part: 'close', 'aria-label': t.close }, '×');
    x.onclick = dismiss;
    dialog.prepend(x);
    dialog.tabIndex = -1;
    dialog.addEventListener('keydown', (e) => {
      if (e.key == 'Escape') {
        e.preventDefault();
        dismiss();
      } else if (e.key == 'Tab') trapTab(e, root, dialog);
    });
  } else {
    dialog.setAttribute('role', 'region');
  }

  const next = () => {
    // The next question whose condition fits the answers so far.
    do index++;
    while (index < view.questions.length && !fits(view.questions[index], answers));
    return index < view.questions.length;
  };

  const ask = () => {
    const shown = view.questions[index];
    const q = survey.questions[index];
    const [field, read] = questionField(shown, q, t);
    const submit = h('button', { type: 'submit', class: 's', part: 'button' }, t.next);
    const update = () => {
      submit.disabled = q.required && read() === undefined;
    };
    form.replaceChildren(field, h('div', { class: 'k' }, submit));
    form.oninput = form.onchange = update;
    update();
    form.onsubmit = (e) => {
      e.preventDefault();
      const value = read();
      if (q.required && value === undefined) return;
      if (value !== undefined) answers[q.id] = value;
      const more = next();
      // A skipped last question still closes the response: send an empty answer that marks it complete.
      if (value !== undefined || !more) on.answer(q, value ?? (q.type == 'multiple' ? [] : ''), !more);
      if (more) ask();
      else finish();
    };
    if (index == view.questions.length - 1) submit.textContent = t.send;
    if (popup) (form.querySelector<HTMLElement>('input,textarea') || dialog).focus();
  };

  const finish = () => {
    done = true;
    form.remove();
    status.textContent = view.thankYou;
    if (popup) {
      dialog.focus();
      timer = window.setTimeout(close, 4000);
    }
  };

  (target || document.body).append(host);
  next();
  ask();
  // An answer given before the page (a score clicked in an e-mail): picked and sent as if by hand,
  // through the same checks; a value the first question does not offer is ignored.
  const picked = preset != null && form.querySelector<HTMLInputElement>(`input[value="${CSS.escape(preset)}"]`);
  if (picked) {
    picked.checked = true;
    form.requestSubmit();
  }
  return { close };
}

/** Does a question's `showIf` fit the answers given so far? */
function fits(q: ShownQuestion, answers: Record<string, Answer>): boolean {
  const c = q.showIf;
  if (!c) return true;
  const a = answers[c.question];
  if (a === undefined) return false;
  if (c.anyOf) return [a].flat().some((v) => c.anyOf!.includes(String(v)));
  return typeof a == 'number' && !(a < (c.min ?? -Infinity) || a > (c.max ?? Infinity));
}

/** Tab and Shift+Tab cycle inside the dialog. */
function trapTab(e: KeyboardEvent, root: ShadowRoot, dialog: HTMLElement) {
  const all = [...dialog.querySelectorAll<HTMLInputElement>('button,input,textarea')].filter(
    (el) => !el.disabled && (el.type != 'radio' || el.checked || !dialog.querySelector(`input[name="${el.name}"]:checked`)),
  );
  // Of an unchecked radio group, Tab lands on its first radio only.
  const tabbable = all.filter((el, i) => el.type != 'radio' || el.checked || all[i - 1]?.type != 'radio');
  const first = tabbable[0];
  const last = tabbable[tabbable.length - 1];
  const active = root.activeElement;
  if (e.shiftKey ? active == first || active == dialog : active == last) {
    e.preventDefault();
    (e.shiftKey ? last : first).focus();
  }
}
