/**
 * The hosted page's own words (the survey's are the survey's, the widget's are the widget's):
 * the page title fallback, the score confirmation, and the page for a survey that is not there.
 */
type Strings = { confirm: (n: number) => string; send: (n: number) => string; other: string; goneTitle: string; gone: string };

const STRINGS: Record<string, Strings> = {
  en: {
    confirm: (n) => `You chose ${n}. Send this score?`,
    send: (n) => `Send my score: ${n}`,
    other: 'Choose another score',
    goneTitle: 'This survey is not available',
    gone: 'It may have ended, or the link may be mistyped. Thank you for wanting to help.',
  },
  it: {
    confirm: (n) => `Hai scelto ${n}. Inviare questo punteggio?`,
    send: (n) => `Invia il mio punteggio: ${n}`,
    other: 'Scegli un altro punteggio',
    goneTitle: 'Questo sondaggio non è disponibile',
    gone: 'Potrebbe essere terminato, o il link potrebbe essere errato. Grazie per voler aiutare.',
  },
  de: {
    confirm: (n) => `Sie haben ${n} gewählt. Diese Bewertung senden?`,
    send: (n) => `Meine Bewertung senden: ${n}`,
    other: 'Andere Bewertung wählen',
    goneTitle: 'Diese Umfrage ist nicht verfügbar',
    gone: 'Sie ist vielleicht beendet, oder der Link ist fehlerhaft. Danke, dass Sie helfen möchten.',
  },
  fr: {
    confirm: (n) => `Vous avez choisi ${n}. Envoyer cette note ?`,
    send: (n) => `Envoyer ma note : ${n}`,
    other: 'Choisir une autre note',
    goneTitle: "Ce questionnaire n'est pas disponible",
    gone: 'Il est peut-être terminé, ou le lien est erroné. Merci de vouloir nous aider.',
  },
  es: {
    confirm: (n) => `Has elegido ${n}. ¿Enviar esta puntuación?`,
    send: (n) => `Enviar mi puntuación: ${n}`,
    other: 'Elegir otra puntuación',
    goneTitle: 'Esta encuesta no está disponible',
    gone: 'Puede que haya terminado o que el enlace esté mal escrito. Gracias por querer ayudar.',
  },
};

export const HOSTED_LANGUAGES = Object.keys(STRINGS);
export const hostedStrings = (lang: string): Strings => STRINGS[lang.split('-')[0]] ?? STRINGS.en;
