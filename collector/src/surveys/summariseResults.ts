import type { Question, SurveyDefinition } from '../schema/survey';
import type { SurveyEventRow } from '../store/surveyEvents';

export interface QuestionResult {
  id: string;
  type: Question['type'];
  text: string;
  /** Responses that answered it (a response that answered twice counts its last answer). */
  answers: number;
  /** Answer → count; for multiple choice each chosen label counts. */
  distribution: Record<string, number>;
  /** NPS: % promoters (9–10) − % detractors (0–6), −100…100. */
  nps?: { score: number; promoters: number; passives: number; detractors: number };
  /** CSAT: % of answers that are 4 or 5. */
  csatPercent?: number;
  /** Mean of numeric answers (CES, CSAT, ratings). */
  mean?: number;
  /** Open-text answers with who gave them, newest first. */
  texts?: { text: string; customerId: string | null; visitorId: string; ts: number; responseId: string }[];
}

export interface SurveyResults {
  /** Showings (one response id each). */
  shown: number;
  /** Showings with at least one answer (partial answers count). */
  responses: number;
  completed: number;
  dismissed: number;
  /** completed / responses. */
  completionRate: number | null;
  /** responses / shown. */
  responseRate: number | null;
  questions: QuestionResult[];
  /** Per UTC day: counts, and the day's NPS / CSAT % / mean CES over every question of that type. */
  byDay: {
    day: string;
    shown: number;
    responses: number;
    completed: number;
    dismissed: number;
    nps: number | null;
    csatPercent: number | null;
    cesMean: number | null;
  }[];
}

const round1 = (n: number) => Math.round(n * 10) / 10;
const ratio = (a: number, b: number) => (b ? Math.round((a / b) * 1000) / 1000 : null);

/** Folds a survey's events (in time order) into the numbers a results page shows. */
export function summariseResults(survey: SurveyDefinition, rows: SurveyEventRow[]): SurveyResults {
  const shown = new Set<string>();
  const answered = new Set<string>();
  const completed = new Set<string>();
  const dismissed = new Set<string>();
  type Day = { shown: Set<string>; responses: Set<string>; completed: Set<string>; dismissed: Set<string>; scores: Map<string, { type: string; value: number }> };
  const days = new Map<string, Day>();
  // question id → response id → last answer
  const answers = new Map<string, Map<string, { value: unknown; row: SurveyEventRow }>>();

  for (const row of rows) {
    const responseId = String(row.props.responseId);
    const day = new Date(row.ts).toISOString().slice(0, 10);
    let d = days.get(day);
    if (!d) days.set(day, (d = { shown: new Set(), responses: new Set(), completed: new Set(), dismissed: new Set(), scores: new Map() }));
    if (row.type === 'survey_shown') {
      shown.add(responseId);
      d.shown.add(responseId);
    } else if (row.type === 'survey_dismissed') {
      dismissed.add(responseId);
      d.dismissed.add(responseId);
    } else {
      answered.add(responseId);
      d.responses.add(responseId);
      if (row.props.completed) {
        completed.add(responseId);
        d.completed.add(responseId);
      }
      const questionId = String(row.props.questionId);
      const { questionType, value } = row.props;
      // As for questions: a response's last answer to a question counts (rows come in time order).
      if (typeof value === 'number') d.scores.set(`${responseId}/${questionId}`, { type: String(questionType), value });
      if (!answers.has(questionId)) answers.set(questionId, new Map());
      answers.get(questionId)!.set(responseId, { value: row.props.value, row });
    }
  }

  return {
    shown: shown.size,
    responses: answered.size,
    completed: completed.size,
    dismissed: dismissed.size,
    completionRate: ratio(completed.size, answered.size),
    responseRate: ratio(answered.size, shown.size),
    questions: survey.questions.map((q) => summariseQuestion(q, [...(answers.get(q.id)?.values() ?? [])])),
    byDay: [...days.entries()]
      .sort(([a], [b]) => (a < b ? -1 : 1))
      .map(([day, d]) => {
        const scores = (type: string) => [...d.scores.values()].filter((x) => x.type === type).map((x) => x.value);
        const [nps, csat, ces] = [scores('nps'), scores('csat'), scores('ces')];
        return {
          day,
          shown: d.shown.size,
          responses: d.responses.size,
          completed: d.completed.size,
          dismissed: d.dismissed.size,
          nps: nps.length ? npsOf(nps).score : null,
          csatPercent: csat.length ? csatPercentOf(csat) : null,
          cesMean: ces.length ? meanOf(ces) : null,
        };
      }),
  };
}

function summariseQuestion(q: Question, all: { value: unknown; row: SurveyEventRow }[]): QuestionResult {
  // A skipped last question arrives empty (it marks the response complete): not an answer.
  const given = all.filter(({ value }) => value !== '' && !(Array.isArray(value) && !value.length));
  const result: QuestionResult = { id: q.id, type: q.type, text: q.text, answers: given.length, distribution: {} };
  const count = (key: string) => (result.distribution[key] = (result.distribution[key] ?? 0) + 1);
  if (q.type === 'text') {
    result.texts = given
      .filter((g) => typeof g.value === 'string' && g.value.trim())
      .map(({ value, row }) => ({
        text: value as string,
        customerId: row.customerId,
        visitorId: row.visitorId,
        ts: row.ts,
        responseId: String(row.props.responseId),
      }))
      .reverse();
    return result;
  }
  for (const { value } of given) (Array.isArray(value) ? value : [value]).forEach((v) => count(String(v)));
  const numbers = given.map((g) => g.value).filter((v): v is number => typeof v === 'number');
  if (numbers.length && q.type !== 'single' && q.type !== 'multiple' && q.type !== 'thumbs') result.mean = meanOf(numbers);
  if (q.type === 'nps' && numbers.length) result.nps = npsOf(numbers);
  if (q.type === 'csat' && numbers.length) result.csatPercent = csatPercentOf(numbers);
  return result;
}

const meanOf = (numbers: number[]) => round1(numbers.reduce((a, b) => a + b, 0) / numbers.length);
/** % of answers that are 4 or 5. */
const csatPercentOf = (numbers: number[]) => round1((numbers.filter((n) => n >= 4).length / numbers.length) * 100);

function npsOf(numbers: number[]) {
  const promoters = numbers.filter((n) => n >= 9).length;
  const detractors = numbers.filter((n) => n <= 6).length;
  return {
    score: Math.round(((promoters - detractors) / numbers.length) * 100),
    promoters,
    passives: numbers.length - promoters - detractors,
    detractors,
  };
}
