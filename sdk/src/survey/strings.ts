/**
 * The widget's own words, per language: close, next, send, thank you, "of" (3 of 5), yes, no, default
 * title, then the default scale ends for NPS, CSAT and CES. One string per language compresses well.
 */
const STRINGS: Record<string, string> = {
  en: 'Close|Next|Send|Thank you for your feedback!|of|Yes|No|Feedback|Not at all likely|Extremely likely|Very unsatisfied|Very satisfied|Very difficult|Very easy',
  it: 'Chiudi|Avanti|Invia|Grazie per il tuo feedback!|di|Sì|No|Feedback|Per niente probabile|Estremamente probabile|Molto insoddisfatto|Molto soddisfatto|Molto difficile|Molto facile',
  de: 'Schließen|Weiter|Senden|Vielen Dank für Ihr Feedback!|von|Ja|Nein|Feedback|Sehr unwahrscheinlich|Äußerst wahrscheinlich|Sehr unzufrieden|Sehr zufrieden|Sehr schwierig|Sehr einfach',
  fr: 'Fermer|Suivant|Envoyer|Merci pour votre avis !|sur|Oui|Non|Votre avis|Pas du tout probable|Très probable|Très insatisfait|Très satisfait|Très difficile|Très facile',
  es: 'Cerrar|Siguiente|Enviar|¡Gracias por tu opinión!|de|Sí|No|Tu opinión|Nada probable|Muy probable|Muy insatisfecho|Muy satisfecho|Muy difícil|Muy fácil',
};

export type UiStrings = ReturnType<typeof uiStrings>;

/** The widget's words in `lang` (`it`, `de-ch` → `de`), or English. */
export function uiStrings(lang: string) {
  const [close, next, send, thanks, of, yes, no, title, ...ends] = (STRINGS[lang.split('-')[0]] || STRINGS.en).split('|');
  return { close, next, send, thanks, of, yes, no, title, ends: { nps: [ends[0], ends[1]], csat: [ends[2], ends[3]], ces: [ends[4], ends[5]] } as Record<string, string[]> };
}
