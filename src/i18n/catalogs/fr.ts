import type { Catalog } from './en.js';

/** French ("vous", with a no-break space before high punctuation as French typography wants). */
export const fr: Catalog = {
  'layout.skip': 'Aller au contenu',
  'layout.footer':
    'Chorus — la voix collective de vos développeurs, à côté de vos indicateurs de livraison. Les groupes sous le seuil d’anonymat ne sont jamais affichés.',
  'language.label': 'Langue',

  'likert.1': 'Pas du tout d’accord',
  'likert.2': 'Pas d’accord',
  'likert.3': 'Ni d’accord ni pas d’accord',
  'likert.4': 'D’accord',
  'likert.5': 'Tout à fait d’accord',
  'likert.na': 'Non concerné',
  'likert.short.3': 'Neutre',
  'likert.na.long': 'N/A – Je ne suis pas concerné',
  'hours.0': 'Aucune',
  'hours.<1': 'Moins d’une heure',
  'hours.1-2': '1 à 2 heures',
  'hours.2-4': '2 à 4 heures',
  'hours.4-8': '4 à 8 heures',
  'hours.8+': 'Plus de 8 heures',
  'scale.low': '0 = pas du tout probable',
  'scale.high': '10 = extrêmement probable',
  'scale.placeholder': '0 = pas du tout … 10 = extrêmement',
  'answer.na': 'N/A',

  'form.privacy.anonymous':
    'Cette enquête est entièrement anonyme : vos réponses sont enregistrées sans aucun lien avec vous et ne peuvent donc plus être modifiées une fois envoyées.',
  'form.privacy.pseudonymous':
    'Vos réponses sont enregistrées sous un pseudonyme, jamais à côté de votre nom. Les résultats ne sont affichés que pour des groupes d’au moins {k} personnes. Vous pouvez modifier vos réponses jusqu’à la clôture de l’enquête le {date}.',
  'form.answered.title': 'Vous avez répondu le {date} ; vous pouvez modifier vos réponses ci-dessous.',
  'form.answered.body':
    'Vos réponses précédentes sont préremplies. Renvoyer le formulaire les remplace (jusqu’au {date}).',
  'form.problems': 'Veuillez vérifier {count, plural, one {# réponse} other {# réponses}}',
  'form.optional': '(facultatif)',
  'form.text.noNames': 'Merci de ne nommer personne.',
  'form.text.max': 'Jusqu’à {max, number} caractères.',
  'form.send': 'Envoyer mes réponses',
  'form.update': 'Mettre à jour mes réponses',
  'form.error.required': 'Veuillez répondre à cette question',
  'form.error.likert': 'Veuillez choisir une réponse, ou « Non concerné »',
  'form.error.invalid': 'n’est pas une réponse valide',
  'form.error.tooLong': 'ne doit pas dépasser {max, number} caractères',

  'thanks.title': 'Merci',
  'thanks.heading': 'Merci, vos réponses sont bien enregistrées',
  'thanks.body':
    'Elles sont enregistrées sous un pseudonyme, jamais à côté de votre nom, et ne sont affichées que pour des groupes d’au moins {k} personnes.',
  'thanks.again.lead': 'Vous avez changé d’avis ?',
  'thanks.again.link': 'Répondre à nouveau',
  'thanks.again.rest': 'jusqu’au {date} ; vos nouvelles réponses remplacent les précédentes.',
  'already.title': 'Déjà répondu',
  'already.heading': 'Vous avez déjà répondu',
  'already.body':
    '{survey} est entièrement anonyme : les réponses ne peuvent plus être modifiées une fois envoyées. Merci de votre participation.',
  'loop.title': 'Vous l’avez dit, nous l’avons fait',
  'loop.status.new': 'nouveau',
  'loop.status.acknowledged': 'pris en compte',
  'loop.status.planned': 'prévu',
  'loop.status.shipped': 'livré',
  'closed.title': 'Enquête close',
  'closed.heading': 'Cette session de l’enquête est close',
  'closed.body':
    '{survey} a été clôturée le {date}{early, select, yes { (plus tôt que prévu)} other {}} : les réponses ne sont plus acceptées. Merci de votre intérêt ; la prochaine invitation arrivera à l’ouverture de la prochaine session.',
  'closed.cancelled':
    'Cette session de {survey} a été annulée le {date} et n’accepte aucune réponse. Rien de ce que vous aviez pu commencer n’a été enregistré. La prochaine invitation arrivera à l’ouverture de la prochaine session.',
  'notYet.title': 'Enquête pas encore ouverte',
  'notYet.heading': '{survey} n’est pas encore ouverte',
  'notYet.body': 'Cette session de l’enquête ouvre le {date}. Revenez à ce moment-là.',
  'missing.title': 'Lien d’enquête introuvable',
  'missing.heading': 'Ce lien d’enquête est introuvable',
  'missing.body':
    'Le lien est peut-être incomplet (les liens longs sont parfois coupés dans les e-mails) ou provient d’une ancienne invitation. Ouvrez l’invitation la plus récente et réessayez.',

  'dm.invite.lead': '*{survey}* est ouverte : 2 minutes, anonyme. Qu’est-ce qui a changé depuis la dernière fois ?',
  'dm.invite.text': '{survey} : 2 minutes, anonyme',
  'dm.reminder.lead': 'Rappel : *{survey}* est toujours ouverte pour vous ; elle se termine le {date}.',
  'dm.reminder.text': 'Rappel : {survey} est toujours ouverte',
  'dm.context':
    'Vos réponses ne sont jamais montrées qu’agrégées avec celles de votre équipe, et seulement quand assez de personnes ont répondu. Ouverte jusqu’au {date}.',
  'dm.web': 'Vous préférez le navigateur ? <{url}|Répondre sur le web>.',
  'dm.answer': 'Répondre (2 min)',
  'dm.thanks.text': 'Merci, vos réponses à {survey} sont bien enregistrées.',
  'dm.thanks.body':
    ':white_check_mark: Merci, vos réponses à *{survey}* sont bien enregistrées. Nous vous dirons ce que nous en faisons.',
  'dm.change': 'Modifier mes réponses',
  'dm.closed.text': '{survey} est close.',
  'dm.closed.body': '*{survey}* est close. Merci de votre lecture.',

  'modal.intro':
    'Environ 2 minutes. Anonyme : les réponses ne sont montrées qu’agrégées avec votre équipe, une fois que suffisamment de personnes ont répondu.',
  'modal.title': 'Pulse',
  'modal.send': 'Envoyer',
  'modal.later': 'Plus tard',
  'modal.choose': 'Choisissez',
  'modal.text.placeholder': 'Qu’est-ce qui vous a ralenti, qu’est-ce qui vous a aidé ? (facultatif)',
  'modal.notice.closed': 'Ce pulse est clos ou ne vous a pas été envoyé. Merci quand même ; le prochain arrivera ici.',
  'modal.notice.none': 'Aucun pulse n’est ouvert pour vous en ce moment. Merci d’être passé !',

  'home.header': 'Vos pulses',
  'home.unknown':
    'Je ne vous trouve pas encore dans l’annuaire Chorus. Demandez à votre administrateur Chorus de synchroniser l’annuaire depuis Slack.',
  'home.nothing': 'Rien n’est ouvert pour le moment. Utilisez `/chorus friction <ce qui vous a freiné>` à tout moment.',
  'home.run':
    '*{survey}* — {answered, select, yes {répondu, vous pouvez encore modifier} other {ouverte}} jusqu’au {date}',
  'home.answer': 'Répondre',
  'home.change': 'Modifier',
  'home.recent': 'Vos réponses récentes (vous seul les voyez)',
  'home.updates': 'Vous l’avez dit, nous l’avons fait',
  'home.noUpdates': 'Pas encore de nouvelles.',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey} : quelques minutes pour donner votre avis',
  'mail.reminder.subject': 'Rappel : {survey} se termine le {date}',
  'mail.invite.opening':
    'Vous êtes invité à répondre à « {survey} ». Cela prend quelques minutes, et ce que vous direz orientera ce qui sera amélioré.',
  'mail.reminder.opening':
    '« {survey} » est toujours ouverte et nous n’avons pas encore votre réponse. Cela prend quelques minutes.',
  'mail.greeting': 'Bonjour {name},',
  'mail.answerHere': 'Répondez ici (ce lien est personnel, merci de ne pas le transférer) :',
  'mail.closes': 'L’enquête se termine le {date}.',
  'mail.button': 'Répondre à l’enquête',
  'mail.orOpen': 'Ou ouvrez ce lien personnel (merci de ne pas le transférer) :',
  'mail.privacy.anonymous':
    'Vos réponses sont enregistrées sans votre nom, et les résultats ne sont affichés que pour des groupes d’au moins {k} personnes.',
  'mail.privacy.pseudonymous':
    'Personne ne voit vos réponses individuelles : les résultats ne sont affichés que pour des groupes d’au moins {k} personnes.',
  'mail.loop.subject': 'Vous l’avez dit, nous l’avons fait : {title}',
};
