// The example surveys of the development site `demo` (examples/site), in the stored (validated,
// defaults filled) shape of collector/src/schema/survey.ts. Seeded by prepare-dev-db.mjs.
const targeting = (over) => ({ include: [], exclude: [], samplePercent: 100, audience: 'everyone', ...over });

export const DEMO_SURVEYS = [
  {
    id: 'home-nps',
    name: 'Home page NPS',
    status: 'active',
    lang: 'en',
    title: 'Quick question',
    questions: [
      { id: 'score', type: 'nps', text: 'How likely are you to recommend our shop to a friend?', required: true },
      {
        id: 'better',
        type: 'text',
        text: 'What could we do better?',
        required: false,
        showIf: { question: 'score', max: 6 },
      },
    ],
    thankYou: 'Thank you! Your answer helps us improve.',
    translations: {
      it: {
        title: 'Una domanda veloce',
        thankYou: 'Grazie! La tua risposta ci aiuta a migliorare.',
        questions: {
          score: { text: 'Quanto è probabile che consiglieresti il nostro negozio a un amico?' },
          better: { text: 'Cosa potremmo fare meglio?' },
        },
      },
    },
    targeting: targeting({ include: [{ match: 'exact', value: '/' }], delaySeconds: 5 }),
    fatigue: { repeat: 'once' },
    placement: { kind: 'popup', position: 'corner' },
  },
  {
    id: 'product-csat',
    name: 'Product page CSAT',
    status: 'active',
    lang: 'en',
    title: 'Rate this page',
    questions: [{ id: 'csat', type: 'csat', text: 'How satisfied are you with this product page?', required: true }],
    translations: {},
    targeting: targeting({}),
    fatigue: { repeat: 'untilAnswered' },
    placement: { kind: 'inline', position: 'corner' },
  },
  {
    id: 'support-ces',
    name: 'Support CES after chat',
    status: 'active',
    lang: 'en',
    title: 'About your chat',
    questions: [
      { id: 'effort', type: 'ces', text: 'How easy was it to get the help you needed?', required: true },
    ],
    translations: {},
    targeting: targeting({ include: [{ match: 'exact', value: '/support' }], chatEnded: true }),
    fatigue: { repeat: 'everyNDays', days: 30 },
    placement: { kind: 'popup', position: 'centre' },
  },
];
