// The fail-closed notice ("search is unavailable") in the 15 languages of
// data/meta/messages.json. It is shown when no verified list is loaded, so it
// cannot come from the list's metadata: the widget carries it itself.
//
// MACHINE-DRAFTED, UNREVIEWED except English (like the list's own messages
// marked "unreviewed"): have a native speaker review before relying on them.
// `primary` repeats each language's "primary" from messages.json so both
// notices name the button alike (tests/e2e/locale.test.mjs checks this).

import { primaryLanguage } from './locale.js';

/**
 * One language's notice text (`review` as in data/meta/messages.json).
 * @typedef {import('../turnback-widget.js').UnavailableText & { review: string }} NoticeText
 */

/**
 * @param {string} lang
 * @param {string} review
 * @param {string} title
 * @param {string} body
 * @param {string} primary
 * @param {'ltr' | 'rtl'} [dir]
 * @returns {Readonly<NoticeText>}
 */
const T = (lang, review, title, body, primary, dir = 'ltr') => Object.freeze({ lang, dir, review, title, body, primary });

/**
 * The notice's text per primary language subtag.
 * @type {Readonly<Record<string, Readonly<NoticeText>> & { en: Readonly<NoticeText> }>}
 */
export const UNAVAILABLE = Object.freeze({
  en: T('en', 'source', 'Search is unavailable', 'Search is not available right now. Please try again in a few minutes.', 'Go back'),
  de: T('de', 'unreviewed', 'Die Suche ist nicht verfügbar', 'Die Suche ist im Moment nicht verfügbar. Bitte versuchen Sie es in ein paar Minuten erneut.', 'Zurück'),
  fr: T('fr', 'unreviewed', 'La recherche est indisponible', 'La recherche n’est pas disponible pour le moment. Veuillez réessayer dans quelques minutes.', 'Revenir en arrière'),
  es: T('es', 'unreviewed', 'La búsqueda no está disponible', 'La búsqueda no está disponible en este momento. Vuelva a intentarlo dentro de unos minutos.', 'Volver atrás'),
  nl: T('nl', 'unreviewed', 'Zoeken is niet beschikbaar', 'Zoeken is op dit moment niet beschikbaar. Probeer het over een paar minuten opnieuw.', 'Ga terug'),
  it: T('it', 'unreviewed', 'La ricerca non è disponibile', 'La ricerca non è disponibile in questo momento. Riprovi tra qualche minuto.', 'Torna indietro'),
  pt: T('pt', 'unreviewed', 'A pesquisa não está disponível', 'A pesquisa não está disponível neste momento. Tente novamente dentro de alguns minutos.', 'Voltar'),
  pl: T('pl', 'unreviewed', 'Wyszukiwanie jest niedostępne', 'Wyszukiwanie jest w tej chwili niedostępne. Spróbuj ponownie za kilka minut.', 'Wróć'),
  sv: T('sv', 'unreviewed', 'Sökningen är inte tillgänglig', 'Sökningen är inte tillgänglig just nu. Försök igen om några minuter.', 'Gå tillbaka'),
  fi: T('fi', 'unreviewed', 'Haku ei ole käytettävissä', 'Haku ei ole juuri nyt käytettävissä. Yritä uudelleen muutaman minuutin kuluttua.', 'Palaa takaisin'),
  no: T('no', 'unreviewed', 'Søk er ikke tilgjengelig', 'Søk er ikke tilgjengelig akkurat nå. Prøv igjen om noen minutter.', 'Gå tilbake'),
  da: T('da', 'unreviewed', 'Søgning er ikke tilgængelig', 'Søgning er ikke tilgængelig lige nu. Prøv igen om et par minutter.', 'Gå tilbage'),
  tr: T('tr', 'unreviewed', 'Arama kullanılamıyor', 'Arama şu anda kullanılamıyor. Lütfen birkaç dakika sonra yeniden deneyin.', 'Geri dön'),
  ru: T('ru', 'unreviewed', 'Поиск недоступен', 'Поиск сейчас недоступен. Пожалуйста, повторите попытку через несколько минут.', 'Вернуться назад'),
  ar: T('ar', 'unreviewed', 'البحث غير متاح', 'البحث غير متاح حاليًا. يُرجى المحاولة مرة أخرى بعد بضع دقائق.', 'العودة', 'rtl'),
});

/**
 * The fail-closed notice's text for a BCP 47 tag, negotiated like the panel's
 * message (the primary subtag, "pt-BR" → "pt"; English when missing).
 * @param {string} lang
 */
export function unavailableText(lang) {
  const code = primaryLanguage(lang);
  return Object.hasOwn(UNAVAILABLE, code) ? UNAVAILABLE[code] : UNAVAILABLE.en;
}
