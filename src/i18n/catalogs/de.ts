import type { Catalog } from './en.js';

/** German (informal "du", as most German engineering teams write to each other). */
export const de: Catalog = {
  'layout.skip': 'Zum Inhalt springen',
  'layout.footer':
    'Chorus – die gemeinsame Stimme eurer Entwicklerinnen und Entwickler neben euren Delivery-Kennzahlen. Gruppen unter der Anonymitätsschwelle werden nie angezeigt.',
  'language.label': 'Sprache',

  'likert.1': 'Stimme überhaupt nicht zu',
  'likert.2': 'Stimme nicht zu',
  'likert.3': 'Weder noch',
  'likert.4': 'Stimme zu',
  'likert.5': 'Stimme voll und ganz zu',
  'likert.na': 'Betrifft mich nicht',
  'likert.short.3': 'Neutral',
  'likert.na.long': 'Entfällt – betrifft mich nicht',
  'hours.0': 'Keine',
  'hours.<1': 'Weniger als 1 Stunde',
  'hours.1-2': '1–2 Stunden',
  'hours.2-4': '2–4 Stunden',
  'hours.4-8': '4–8 Stunden',
  'hours.8+': 'Mehr als 8 Stunden',
  'scale.low': '0 = überhaupt nicht wahrscheinlich',
  'scale.high': '10 = äußerst wahrscheinlich',
  'scale.placeholder': '0 = überhaupt nicht … 10 = äußerst',
  'answer.na': 'entfällt',

  'form.privacy.anonymous':
    'Diese Umfrage ist vollständig anonym: Deine Antworten werden ohne jede Verbindung zu dir gespeichert und können deshalb nach dem Absenden nicht mehr geändert werden.',
  'form.privacy.pseudonymous':
    'Deine Antworten werden unter einem Pseudonym gespeichert, nie neben deinem Namen. Ergebnisse werden nur für Gruppen ab {k} Personen angezeigt. Du kannst deine Antworten ändern, bis die Umfrage am {date} schließt.',
  'form.answered.title': 'Du hast am {date} geantwortet; unten kannst du deine Antworten ändern.',
  'form.answered.body':
    'Deine bisherigen Antworten sind eingetragen. Wenn du das Formular erneut absendest, ersetzt es sie (bis zum {date}).',
  'form.problems': 'Bitte prüfe {count, plural, one {eine Antwort} other {# Antworten}}',
  'form.optional': '(optional)',
  'form.text.noNames': 'Bitte nenne keine Namen.',
  'form.text.max': 'Bis zu {max, number} Zeichen.',
  'form.send': 'Antworten senden',
  'form.update': 'Antworten aktualisieren',
  'form.error.required': 'Bitte beantworte diese Frage',
  'form.error.likert': 'Bitte wähle eine Antwort oder „Betrifft mich nicht“',
  'form.error.invalid': 'ist keine gültige Antwort',
  'form.error.tooLong': 'darf höchstens {max, number} Zeichen lang sein',

  'thanks.title': 'Danke',
  'thanks.heading': 'Danke – deine Antworten sind angekommen',
  'thanks.body':
    'Sie werden unter einem Pseudonym gespeichert, nie neben deinem Namen, und nur für Gruppen ab {k} Personen angezeigt.',
  'thanks.again.lead': 'Du hast es dir anders überlegt?',
  'thanks.again.link': 'Noch einmal antworten',
  'thanks.again.rest': 'geht bis zum {date}; deine neuen Antworten ersetzen die früheren.',
  'already.title': 'Bereits beantwortet',
  'already.heading': 'Du hast bereits geantwortet',
  'already.body':
    '{survey} ist vollständig anonym, deshalb lassen sich Antworten nach dem Absenden nicht mehr ändern. Danke, dass du mitgemacht hast.',
  'loop.title': 'Ihr habt gesagt, wir haben gehandelt',
  'loop.status.new': 'neu',
  'loop.status.acknowledged': 'aufgenommen',
  'loop.status.planned': 'geplant',
  'loop.status.shipped': 'umgesetzt',
  'closed.title': 'Umfrage geschlossen',
  'closed.heading': 'Diese Umfragerunde ist geschlossen',
  'closed.body':
    '{survey} wurde am {date}{early, select, yes { (früher als geplant)} other {}} geschlossen, Antworten werden nicht mehr angenommen. Danke für dein Interesse – die nächste Einladung kommt, sobald die nächste Runde startet.',
  'closed.cancelled':
    'Diese Runde von {survey} wurde am {date} abgesagt und nimmt keine Antworten an. Nichts, was du vielleicht angefangen hast, wurde gespeichert. Die nächste Einladung kommt, sobald die nächste Runde startet.',
  'notYet.title': 'Umfrage noch nicht geöffnet',
  'notYet.heading': '{survey} ist noch nicht geöffnet',
  'notYet.body': 'Diese Umfragerunde startet am {date}. Bitte schau dann wieder vorbei.',
  'missing.title': 'Umfragelink nicht gefunden',
  'missing.heading': 'Dieser Umfragelink wurde nicht gefunden',
  'missing.body':
    'Der Link ist vielleicht unvollständig (lange Links werden in E-Mails manchmal umbrochen) oder stammt aus einer älteren Einladung. Öffne die neueste Einladung und versuch es noch einmal.',

  'dm.invite.lead': '*{survey}* ist offen: 2 Minuten, anonym. Was hat sich seit dem letzten Mal verändert?',
  'dm.invite.text': '{survey}: 2 Minuten, anonym',
  'dm.reminder.lead': 'Erinnerung: *{survey}* ist für dich noch offen – die Umfrage schließt am {date}.',
  'dm.reminder.text': 'Erinnerung: {survey} ist noch offen',
  'dm.context':
    'Deine Antworten werden nur zusammen mit denen deines Teams gezeigt, und erst, wenn genug Leute geantwortet haben. Offen bis {date}.',
  'dm.web': 'Lieber im Browser? <{url}|Im Web antworten>.',
  'dm.answer': 'Antworten (2 Min.)',
  'dm.thanks.text': 'Danke – deine Antworten zu {survey} sind angekommen.',
  'dm.thanks.body':
    ':white_check_mark: Danke – deine Antworten zu *{survey}* sind angekommen. Wir teilen mit, was wir daraus machen.',
  'dm.change': 'Antworten ändern',
  'dm.closed.text': '{survey} ist geschlossen.',
  'dm.closed.body': '*{survey}* ist geschlossen. Danke fürs Lesen.',

  'modal.intro':
    'Etwa 2 Minuten. Anonym: Antworten werden nur zusammen mit deinem Team gezeigt, sobald genug Leute geantwortet haben.',
  'modal.title': 'Pulse',
  'modal.send': 'Senden',
  'modal.later': 'Später',
  'modal.choose': 'Bitte auswählen',
  'modal.text.placeholder': 'Was hat dich ausgebremst, was hat geholfen? (optional)',
  'modal.notice.closed':
    'Dieser Pulse ist geschlossen oder wurde nicht an dich geschickt. Trotzdem danke – der nächste kommt hier an.',
  'modal.notice.none': 'Gerade ist kein Pulse für dich offen. Danke fürs Nachschauen!',

  'home.header': 'Deine Pulses',
  'home.unknown':
    'Ich finde dich noch nicht im Chorus-Verzeichnis. Bitte deine Chorus-Admins, das Verzeichnis aus Slack zu synchronisieren.',
  'home.nothing':
    'Gerade ist nichts offen. Mit `/chorus friction <was dich aufgehalten hat>` kannst du jederzeit etwas melden.',
  'home.run': '*{survey}* – {answered, select, yes {beantwortet, du kannst noch ändern} other {offen}} bis {date}',
  'home.answer': 'Antworten',
  'home.change': 'Antworten ändern',
  'home.recent': 'Deine letzten Antworten (nur du siehst sie)',
  'home.updates': 'Ihr habt gesagt, wir haben gehandelt',
  'home.noUpdates': 'Noch keine Neuigkeiten.',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey}: ein paar Minuten für deine Sicht',
  'mail.reminder.subject': 'Erinnerung: {survey} schließt am {date}',
  'mail.invite.opening':
    'Du bist eingeladen, „{survey}“ zu beantworten. Es dauert nur ein paar Minuten, und was du sagst, bestimmt mit, was verbessert wird.',
  'mail.reminder.opening':
    '„{survey}“ ist noch offen, und wir haben noch nichts von dir gehört. Es dauert nur ein paar Minuten.',
  'mail.greeting': 'Hallo {name},',
  'mail.answerHere': 'Hier antworten (der Link ist persönlich, bitte nicht weiterleiten):',
  'mail.closes': 'Die Umfrage schließt am {date}.',
  'mail.button': 'Zur Umfrage',
  'mail.orOpen': 'Oder öffne diesen persönlichen Link (bitte nicht weiterleiten):',
  'mail.privacy.anonymous':
    'Deine Antworten werden ohne deinen Namen gespeichert, und Ergebnisse werden nur für Gruppen ab {k} Personen gezeigt.',
  'mail.privacy.pseudonymous':
    'Niemand sieht deine einzelnen Antworten: Ergebnisse werden nur für Gruppen ab {k} Personen gezeigt.',
  'mail.loop.subject': 'Ihr habt gesagt, wir haben gehandelt: {title}',
};
