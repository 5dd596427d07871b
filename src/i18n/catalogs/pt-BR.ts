import type { Catalog } from './en.js';

/** Brazilian Portuguese ("você"). */
export const ptBR: Catalog = {
  'layout.skip': 'Pular para o conteúdo',
  'layout.footer':
    'Chorus — a voz coletiva de quem desenvolve, ao lado dos seus números de entrega. Grupos abaixo do limite de anonimato nunca são exibidos.',
  'language.label': 'Idioma',

  'likert.1': 'Discordo totalmente',
  'likert.2': 'Discordo',
  'likert.3': 'Não concordo nem discordo',
  'likert.4': 'Concordo',
  'likert.5': 'Concordo totalmente',
  'likert.na': 'Não se aplica',
  'likert.short.3': 'Neutro',
  'likert.na.long': 'N/A – Não se aplica a mim',
  'hours.0': 'Nenhuma',
  'hours.<1': 'Menos de 1 hora',
  'hours.1-2': '1–2 horas',
  'hours.2-4': '2–4 horas',
  'hours.4-8': '4–8 horas',
  'hours.8+': 'Mais de 8 horas',
  'scale.low': '0 = nada provável',
  'scale.high': '10 = extremamente provável',
  'scale.placeholder': '0 = nada … 10 = extremamente',
  'answer.na': 'N/A',

  'form.privacy.anonymous':
    'Esta pesquisa é totalmente anônima: suas respostas são guardadas sem nenhum vínculo com você, por isso não podem ser alteradas depois de enviadas.',
  'form.privacy.pseudonymous':
    'Suas respostas são guardadas sob um pseudônimo, nunca ao lado do seu nome. Os resultados só aparecem para grupos de {k} ou mais pessoas. Você pode alterar suas respostas até a pesquisa fechar em {date}.',
  'form.answered.title': 'Você respondeu em {date}; altere suas respostas abaixo.',
  'form.answered.body':
    'Suas respostas anteriores já estão preenchidas. Enviar o formulário de novo substitui essas respostas (até {date}).',
  'form.problems': 'Confira {count, plural, one {# resposta} other {# respostas}}',
  'form.optional': '(opcional)',
  'form.text.noNames': 'Por favor, não cite nomes.',
  'form.text.max': 'Até {max, number} caracteres.',
  'form.send': 'Enviar minhas respostas',
  'form.update': 'Atualizar minhas respostas',
  'form.error.required': 'Responda a esta pergunta',
  'form.error.likert': 'Escolha uma resposta ou “Não se aplica”',
  'form.error.invalid': 'não é uma resposta válida',
  'form.error.tooLong': 'deve ter no máximo {max, number} caracteres',

  'thanks.title': 'Obrigado',
  'thanks.heading': 'Obrigado! Suas respostas foram registradas',
  'thanks.body':
    'Elas são guardadas sob um pseudônimo, nunca ao lado do seu nome, e só aparecem para grupos de {k} ou mais pessoas.',
  'thanks.again.lead': 'Mudou de ideia?',
  'thanks.again.link': 'Responda de novo',
  'thanks.again.rest': 'até {date}; suas novas respostas substituem as anteriores.',
  'already.title': 'Já respondida',
  'already.heading': 'Você já respondeu',
  'already.body':
    '{survey} é totalmente anônima, então as respostas não podem ser alteradas depois de enviadas. Obrigado por participar.',
  'loop.title': 'Vocês falaram, nós fizemos',
  'loop.status.new': 'novo',
  'loop.status.acknowledged': 'recebido',
  'loop.status.planned': 'planejado',
  'loop.status.shipped': 'entregue',
  'closed.title': 'Pesquisa encerrada',
  'closed.heading': 'Esta rodada da pesquisa foi encerrada',
  'closed.body':
    '{survey} foi encerrada em {date}{early, select, yes { (antes do previsto)} other {}}, então não aceita mais respostas. Obrigado pelo interesse — o próximo convite chega quando a próxima rodada abrir.',
  'closed.cancelled':
    'Esta rodada de {survey} foi cancelada em {date}, então não aceita respostas. Nada do que você possa ter começado foi guardado. O próximo convite chega quando a próxima rodada abrir.',
  'notYet.title': 'A pesquisa ainda não abriu',
  'notYet.heading': '{survey} ainda não abriu',
  'notYet.body': 'Esta rodada da pesquisa abre em {date}. Volte nessa data, por favor.',
  'missing.title': 'Link da pesquisa não encontrado',
  'missing.heading': 'Não encontramos este link da pesquisa',
  'missing.body':
    'O link pode estar incompleto (links longos às vezes quebram em e-mails) ou ser de um convite antigo. Abra o convite mais recente e tente de novo.',

  'dm.invite.lead': '*{survey}* está aberta: 2 minutos, anônima. O que mudou desde a última vez?',
  'dm.invite.text': '{survey}: 2 minutos, anônima',
  'dm.reminder.lead': 'Lembrete: *{survey}* ainda está aberta para você — fecha em {date}.',
  'dm.reminder.text': 'Lembrete: {survey} ainda está aberta',
  'dm.context':
    'Suas respostas só aparecem agrupadas com as do seu time, e só depois que gente suficiente responder. Aberta até {date}.',
  'dm.web': 'Prefere o navegador? <{url}|Responda na web>.',
  'dm.answer': 'Responder (2 min)',
  'dm.thanks.text': 'Obrigado! Suas respostas para {survey} foram registradas.',
  'dm.thanks.body':
    ':white_check_mark: Obrigado! Suas respostas para *{survey}* foram registradas. Vamos contar o que faremos com elas.',
  'dm.change': 'Alterar minhas respostas',
  'dm.closed.text': '{survey} foi encerrada.',
  'dm.closed.body': '*{survey}* foi encerrada. Obrigado pela atenção.',

  'modal.intro':
    'Cerca de 2 minutos. Anônima: as respostas só aparecem agrupadas com o seu time depois que gente suficiente responder.',
  'modal.title': 'Pulse',
  'modal.send': 'Enviar',
  'modal.later': 'Depois',
  'modal.choose': 'Escolha uma opção',
  'modal.text.placeholder': 'O que te atrasou, o que ajudou? (opcional)',
  'modal.notice.closed':
    'Este pulse está encerrado ou não foi enviado para você. Obrigado mesmo assim — o próximo chega aqui.',
  'modal.notice.none': 'Nenhum pulse aberto para você agora. Obrigado por conferir!',

  'home.header': 'Seus pulses',
  'home.unknown':
    'Ainda não encontrei você no diretório do Chorus. Peça ao admin do Chorus para sincronizar o diretório com o Slack.',
  'home.nothing': 'Nada aberto agora. Use `/chorus friction <o que te atrapalhou>` quando quiser.',
  'home.run': '*{survey}* — {answered, select, yes {respondida, você ainda pode alterar} other {aberta}} até {date}',
  'home.answer': 'Responder',
  'home.change': 'Alterar respostas',
  'home.recent': 'Suas respostas recentes (só você vê)',
  'home.updates': 'Vocês falaram, nós fizemos',
  'home.noUpdates': 'Nenhuma novidade ainda.',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey}: alguns minutos para ouvir você',
  'mail.reminder.subject': 'Lembrete: {survey} fecha em {date}',
  'mail.invite.opening':
    'Você está convidado a responder “{survey}”. Leva só alguns minutos, e o que você disser ajuda a decidir o que será melhorado.',
  'mail.reminder.opening': '“{survey}” ainda está aberta e ainda não recebemos sua resposta. Leva só alguns minutos.',
  'mail.greeting': 'Olá, {name},',
  'mail.answerHere': 'Responda aqui (este link é pessoal, por favor não encaminhe):',
  'mail.closes': 'A pesquisa fecha em {date}.',
  'mail.button': 'Responder à pesquisa',
  'mail.orOpen': 'Ou abra este link pessoal (por favor não encaminhe):',
  'mail.privacy.anonymous':
    'Suas respostas são guardadas sem o seu nome, e os resultados só aparecem para grupos de {k} ou mais pessoas.',
  'mail.privacy.pseudonymous':
    'Ninguém vê suas respostas individuais: os resultados só aparecem para grupos de {k} ou mais pessoas.',
  'mail.loop.subject': 'Vocês falaram, nós fizemos: {title}',
};
