import type { Catalog } from './en.js';

/** Spanish (neutral, "tú", as engineering teams usually write to each other). */
export const es: Catalog = {
  'layout.skip': 'Ir al contenido',
  'layout.footer':
    'Chorus: la voz colectiva de tus equipos de desarrollo junto a sus métricas de entrega. Los grupos por debajo del umbral de anonimato nunca se muestran.',
  'language.label': 'Idioma',

  'likert.1': 'Totalmente en desacuerdo',
  'likert.2': 'En desacuerdo',
  'likert.3': 'Ni de acuerdo ni en desacuerdo',
  'likert.4': 'De acuerdo',
  'likert.5': 'Totalmente de acuerdo',
  'likert.na': 'No aplica',
  'likert.short.3': 'Neutral',
  'likert.na.long': 'N/A – No me aplica',
  'hours.0': 'Ninguna',
  'hours.<1': 'Menos de 1 hora',
  'hours.1-2': '1–2 horas',
  'hours.2-4': '2–4 horas',
  'hours.4-8': '4–8 horas',
  'hours.8+': 'Más de 8 horas',
  'scale.low': '0 = nada probable',
  'scale.high': '10 = extremadamente probable',
  'scale.placeholder': '0 = nada … 10 = extremadamente',
  'answer.na': 'N/A',

  'form.privacy.anonymous':
    'Esta encuesta es totalmente anónima: tus respuestas se guardan sin ningún vínculo contigo, así que no se pueden cambiar después de enviarlas.',
  'form.privacy.pseudonymous':
    'Tus respuestas se guardan con un seudónimo, nunca junto a tu nombre. Los resultados solo se muestran para grupos de {k} o más personas. Puedes cambiar tus respuestas hasta que la encuesta cierre el {date}.',
  'form.answered.title': 'Respondiste el {date}; puedes cambiar tus respuestas aquí abajo.',
  'form.answered.body':
    'Tus respuestas anteriores ya están rellenadas. Si vuelves a enviar el formulario, las sustituye (hasta el {date}).',
  'form.problems': 'Revisa {count, plural, one {# respuesta} other {# respuestas}}',
  'form.optional': '(opcional)',
  'form.text.noNames': 'Por favor, no nombres a nadie.',
  'form.text.max': 'Hasta {max, number} caracteres.',
  'form.send': 'Enviar mis respuestas',
  'form.update': 'Actualizar mis respuestas',
  'form.error.required': 'Responde a esta pregunta, por favor',
  'form.error.likert': 'Elige una respuesta o «No aplica»',
  'form.error.invalid': 'no es una respuesta válida',
  'form.error.tooLong': 'no puede superar los {max, number} caracteres',

  'thanks.title': 'Gracias',
  'thanks.heading': 'Gracias: hemos recibido tus respuestas',
  'thanks.body':
    'Se guardan con un seudónimo, nunca junto a tu nombre, y solo se muestran para grupos de {k} o más personas.',
  'thanks.again.lead': '¿Has cambiado de opinión?',
  'thanks.again.link': 'Responde de nuevo',
  'thanks.again.rest': 'hasta el {date}; tus nuevas respuestas sustituyen a las anteriores.',
  'already.title': 'Ya respondida',
  'already.heading': 'Ya has respondido',
  'already.body':
    '{survey} es totalmente anónima, así que las respuestas no se pueden cambiar una vez enviadas. Gracias por participar.',
  'loop.title': 'Lo dijiste, lo hicimos',
  'loop.status.new': 'nuevo',
  'loop.status.acknowledged': 'recibido',
  'loop.status.planned': 'planificado',
  'loop.status.shipped': 'entregado',
  'closed.title': 'Encuesta cerrada',
  'closed.heading': 'Esta ronda de la encuesta está cerrada',
  'closed.body':
    '{survey} cerró el {date}{early, select, yes { (antes de lo previsto)} other {}}, así que ya no se aceptan respuestas. Gracias por tu interés: la próxima invitación llegará cuando se abra la siguiente ronda.',
  'closed.cancelled':
    'Esta ronda de {survey} se canceló el {date}, así que no acepta respuestas. No se guardó nada de lo que hubieras empezado. La próxima invitación llegará cuando se abra la siguiente ronda.',
  'notYet.title': 'La encuesta aún no está abierta',
  'notYet.heading': '{survey} aún no está abierta',
  'notYet.body': 'Esta ronda de la encuesta se abre el {date}. Vuelve entonces, por favor.',
  'missing.title': 'Enlace de encuesta no encontrado',
  'missing.heading': 'No encontramos este enlace de encuesta',
  'missing.body':
    'Puede que el enlace esté incompleto (los enlaces largos a veces se cortan en los correos) o que sea de una invitación anterior. Abre la invitación más reciente e inténtalo de nuevo.',

  'dm.invite.lead': '*{survey}* está abierta: 2 minutos, anónima. ¿Qué ha cambiado desde la última vez?',
  'dm.invite.text': '{survey}: 2 minutos, anónima',
  'dm.reminder.lead': 'Recordatorio: *{survey}* sigue abierta para ti; cierra el {date}.',
  'dm.reminder.text': 'Recordatorio: {survey} sigue abierta',
  'dm.context':
    'Tus respuestas solo se muestran agrupadas con las de tu equipo, y solo cuando ha respondido suficiente gente. Abierta hasta el {date}.',
  'dm.web': '¿Prefieres el navegador? <{url}|Responde en la web>.',
  'dm.answer': 'Responder (2 min)',
  'dm.thanks.text': 'Gracias: hemos recibido tus respuestas a {survey}.',
  'dm.thanks.body':
    ':white_check_mark: Gracias: hemos recibido tus respuestas a *{survey}*. Te contaremos qué hacemos con ellas.',
  'dm.change': 'Cambiar mis respuestas',
  'dm.closed.text': '{survey} se ha cerrado.',
  'dm.closed.body': '*{survey}* se ha cerrado. Gracias por leer.',

  'modal.intro':
    'Unos 2 minutos. Anónima: las respuestas solo se muestran agrupadas con tu equipo cuando ha respondido suficiente gente.',
  'modal.title': 'Pulse',
  'modal.send': 'Enviar',
  'modal.later': 'Más tarde',
  'modal.choose': 'Elige una opción',
  'modal.text.placeholder': '¿Qué te frenó y qué te ayudó? (opcional)',
  'modal.notice.closed': 'Este pulse está cerrado o no te llegó a ti. Gracias de todos modos: el próximo llegará aquí.',
  'modal.notice.none': 'Ahora mismo no tienes ningún pulse abierto. ¡Gracias por mirar!',

  'home.header': 'Tus pulses',
  'home.unknown':
    'Todavía no te encuentro en el directorio de Chorus. Pide a tu administrador de Chorus que sincronice el directorio desde Slack.',
  'home.nothing': 'Ahora mismo no hay nada abierto. Usa `/chorus friction <lo que te frenó>` cuando quieras.',
  'home.run': '*{survey}* — {answered, select, yes {respondida, aún puedes cambiarla} other {abierta}} hasta el {date}',
  'home.answer': 'Responder',
  'home.change': 'Cambiar respuestas',
  'home.recent': 'Tus respuestas recientes (solo tú las ves)',
  'home.updates': 'Lo dijiste, lo hicimos',
  'home.noUpdates': 'Aún no hay novedades.',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey}: unos minutos para conocer tu opinión',
  'mail.reminder.subject': 'Recordatorio: {survey} cierra el {date}',
  'mail.invite.opening':
    'Te invitamos a responder «{survey}». Son unos minutos, y lo que digas ayuda a decidir qué se mejora.',
  'mail.reminder.opening': '«{survey}» sigue abierta y aún no tenemos tu respuesta. Son unos minutos.',
  'mail.greeting': 'Hola, {name}:',
  'mail.answerHere': 'Responde aquí (el enlace es personal; no lo reenvíes, por favor):',
  'mail.closes': 'La encuesta cierra el {date}.',
  'mail.button': 'Responder la encuesta',
  'mail.orOpen': 'O abre este enlace personal (no lo reenvíes, por favor):',
  'mail.privacy.anonymous':
    'Tus respuestas se guardan sin tu nombre, y los resultados solo se muestran para grupos de {k} o más personas.',
  'mail.privacy.pseudonymous':
    'Nadie ve tus respuestas individuales: los resultados solo se muestran para grupos de {k} o más personas.',
  'mail.loop.subject': 'Lo dijiste, lo hicimos: {title}',
};
