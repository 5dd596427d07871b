/** One language of a question: its wording, and its options (choice) in the same order as the English. */
export interface QuestionTranslation {
  text: string;
  options?: string[];
  help?: string;
}
/** A question's translations by BCP 47 tag. */
export type QuestionTranslations = Record<string, QuestionTranslation>;

/**
 * The built-in bank in German, French, Spanish, Brazilian Portuguese and Japanese. Each keeps the
 * English statement's meaning and direction (agreeing is always the favourable answer), the
 * register of the respondent pages (de "du", fr "vous", es "tú", pt-BR "você", ja です・ます for
 * questions, plain form for statements, as Japanese surveys write them).
 */
export const BANK_TRANSLATIONS: Record<string, QuestionTranslations> = {
  build_and_test: {
    de: { text: 'Unser Build- und Testzyklus ist so schnell, dass ich selten darauf warten muss' },
    fr: { text: 'Notre cycle de build et de tests est assez rapide pour que je l’attende rarement' },
    es: {
      text: 'Nuestro ciclo de compilación y pruebas es lo bastante rápido como para que rara vez tenga que esperarlo',
    },
    'pt-BR': { text: 'Nosso ciclo de build e testes é rápido o bastante para eu raramente ficar esperando por ele' },
    ja: { text: 'ビルドとテストのサイクルが十分に速く、待たされることはほとんどない' },
  },
  code_review: {
    de: { text: 'Code-Reviews meiner Änderungen kommen so zügig, dass ich nicht ins Stocken gerate' },
    fr: { text: 'Les revues de code de mes changements arrivent assez vite pour que je ne reste pas bloqué' },
    es: { text: 'Las revisiones de código de mis cambios llegan lo bastante rápido como para no frenarme' },
    'pt-BR': {
      text: 'As revisões de código das minhas mudanças acontecem rápido o suficiente para eu não ficar travado',
    },
    ja: { text: '自分の変更へのコードレビューは、作業が止まらないくらい早く行われる' },
  },
  ci_reliability: {
    de: {
      text: 'Wenn die CI fehlschlägt, liegt das an einem echten Problem in meiner Änderung – nicht an einem instabilen Test oder einer kaputten Pipeline',
    },
    fr: {
      text: 'Quand la CI échoue, c’est à cause d’un vrai problème dans mon changement, pas d’un test instable ou d’un pipeline cassé',
    },
    es: {
      text: 'Cuando la CI falla, es por un problema real en mi cambio, no por una prueba inestable o un pipeline roto',
    },
    'pt-BR': {
      text: 'Quando a CI falha, é por um problema real na minha mudança, não por um teste instável ou um pipeline quebrado',
    },
    ja: {
      text: 'CIが失敗するのは、不安定なテストや壊れたパイプラインのせいではなく、自分の変更に本当に問題があるときだ',
    },
  },
  local_env: {
    de: {
      text: 'Ich kann meine Änderungen lokal ausführen und prüfen, ohne mit meiner Entwicklungsumgebung zu kämpfen',
    },
    fr: {
      text: 'Je peux exécuter et vérifier mes changements en local sans me battre avec mon environnement de développement',
    },
    es: { text: 'Puedo ejecutar y comprobar mis cambios en local sin pelearme con mi entorno de desarrollo' },
    'pt-BR': {
      text: 'Consigo rodar e testar minhas mudanças localmente sem brigar com meu ambiente de desenvolvimento',
    },
    ja: { text: '開発環境と格闘することなく、自分の変更をローカルで実行して確認できる' },
  },
  docs_findable: {
    de: { text: 'Ich finde die Dokumentation, die ich brauche, wenn ich sie brauche' },
    fr: { text: 'Je trouve la documentation dont j’ai besoin au moment où j’en ai besoin' },
    es: { text: 'Encuentro la documentación que necesito cuando la necesito' },
    'pt-BR': { text: 'Encontro a documentação de que preciso quando preciso dela' },
    ja: { text: '必要なときに、必要なドキュメントを見つけられる' },
  },
  codebase_understandable: {
    de: { text: 'Die Systeme, an denen ich arbeite, sind leicht zu verstehen und sicher zu ändern' },
    fr: { text: 'Les systèmes sur lesquels je travaille sont faciles à comprendre et à modifier sans risque' },
    es: { text: 'Los sistemas en los que trabajo son fáciles de entender y de modificar con seguridad' },
    'pt-BR': { text: 'Os sistemas em que trabalho são fáceis de entender e de alterar com segurança' },
    ja: { text: '担当しているシステムは理解しやすく、安心して変更できる' },
  },
  tooling_simple: {
    de: { text: 'Unsere internen Tools und Prozesse sind so einfach, dass ich selten um Hilfe bitten muss' },
    fr: {
      text: 'Nos outils et processus internes sont assez simples pour que j’aie rarement besoin de demander de l’aide',
    },
    es: {
      text: 'Nuestras herramientas y procesos internos son lo bastante sencillos como para que rara vez tenga que pedir ayuda',
    },
    'pt-BR': {
      text: 'Nossas ferramentas e processos internos são simples o bastante para eu raramente precisar pedir ajuda',
    },
    ja: { text: '社内のツールやプロセスはシンプルで、人に助けを求める必要はめったにない' },
  },
  onboarding: {
    de: {
      text: 'Mich in eine Codebasis, einen Service oder ein Tool einzuarbeiten, die für mich neu sind, fällt mir leicht',
    },
    fr: { text: 'Prendre en main une base de code, un service ou un outil que je ne connais pas encore est facile' },
    es: { text: 'Ponerme al día con una base de código, un servicio o una herramienta que no conozco es fácil' },
    'pt-BR': { text: 'Pegar o jeito de uma base de código, serviço ou ferramenta que é nova para mim é fácil' },
    ja: { text: '初めて触れるコードベースやサービス、ツールに慣れるのは簡単だ' },
  },
  focus_time: {
    de: { text: 'Ich habe genug ungestörte Zeit, um mich auf konzentriertes Arbeiten einzulassen' },
    fr: { text: 'J’ai assez de temps sans interruption pour me concentrer sur un travail de fond' },
    es: { text: 'Tengo suficiente tiempo sin interrupciones para concentrarme en trabajo profundo' },
    'pt-BR': { text: 'Tenho tempo sem interrupções suficiente para me concentrar em trabalho profundo' },
    ja: { text: '集中して取り組むための、邪魔の入らない時間が十分にある' },
  },
  interruptions: {
    de: { text: 'Meetings und Unterbrechungen reißen mich selten aus meiner geplanten Arbeit' },
    fr: { text: 'Les réunions et les interruptions me détournent rarement du travail que j’avais prévu' },
    es: { text: 'Las reuniones y las interrupciones rara vez me apartan del trabajo que tenía planificado' },
    'pt-BR': { text: 'Reuniões e interrupções raramente me tiram do trabalho que eu tinha planejado' },
    ja: { text: '会議や割り込みによって、予定していた作業から引き離されることはめったにない' },
  },
  clear_priorities: {
    de: { text: 'Ich verstehe, woran ich arbeiten sollte und warum' },
    fr: { text: 'Je comprends sur quoi je devrais travailler, et pourquoi' },
    es: { text: 'Entiendo en qué debería estar trabajando y por qué' },
    'pt-BR': { text: 'Entendo no que eu deveria estar trabalhando e por quê' },
    ja: { text: '自分が何に取り組むべきか、そしてその理由を理解している' },
  },
  release_confidence: {
    de: {
      text: 'Ich bin zuversichtlich, dass meine Änderungen die Produktion nicht kaputt machen, wenn sie live gehen',
    },
    fr: { text: 'J’ai confiance : mes changements ne casseront pas la production une fois livrés' },
    es: { text: 'Confío en que mis cambios no romperán producción cuando se publiquen' },
    'pt-BR': { text: 'Confio que minhas mudanças não vão quebrar a produção quando forem para o ar' },
    ja: { text: '自分の変更がリリースされても、本番環境を壊すことはないと自信を持てる' },
  },
  deploy_ease: {
    de: { text: 'Eine Änderung in Produktion zu bringen, ist einfach' },
    fr: { text: 'Mettre un changement en production est simple' },
    es: { text: 'Llevar un cambio a producción es fácil' },
    'pt-BR': { text: 'Colocar uma mudança em produção é fácil' },
    ja: { text: '変更を本番環境に反映するのは簡単だ' },
  },
  env_access: {
    de: { text: 'Ich bekomme die Umgebungen und Zugänge, die ich brauche, ohne auf andere warten zu müssen' },
    fr: { text: 'J’obtiens les environnements et les accès dont j’ai besoin sans devoir attendre d’autres personnes' },
    es: { text: 'Consigo los entornos y accesos que necesito sin tener que esperar a otras personas' },
    'pt-BR': { text: 'Consigo os ambientes e acessos de que preciso sem ficar esperando outras pessoas' },
    ja: { text: '必要な環境やアクセス権を、他の人を待たずに手に入れられる' },
  },
  tools_satisfaction: {
    de: { text: 'Insgesamt bin ich mit den Tools und der Plattform, die ich täglich nutze, zufrieden' },
    fr: { text: 'Dans l’ensemble, les outils et la plateforme que j’utilise au quotidien me donnent satisfaction' },
    es: { text: 'En general, las herramientas y la plataforma que uso a diario me dejan satisfecho' },
    'pt-BR': { text: 'De modo geral, fico satisfeito com as ferramentas e a plataforma que uso todos os dias' },
    ja: { text: '全体として、日々使っているツールやプラットフォームに満足している' },
  },
  sustainable_pace: {
    de: { text: 'Meine Arbeitslast erlaubt mir, in einem nachhaltigen Tempo zu arbeiten' },
    fr: { text: 'Ma charge de travail me permet de travailler à un rythme soutenable' },
    es: { text: 'Mi carga de trabajo me permite trabajar a un ritmo sostenible' },
    'pt-BR': { text: 'Minha carga de trabalho me permite trabalhar em um ritmo sustentável' },
    ja: { text: '今の仕事量なら、無理のないペースで働き続けられる' },
  },
  recommend: {
    de: {
      text: 'Wie wahrscheinlich ist es, dass du unsere interne Plattform einer Kollegin oder einem Kollegen empfiehlst?',
    },
    fr: { text: 'Quelle est la probabilité que vous recommandiez notre plateforme interne à un collègue ?' },
    es: { text: '¿Qué probabilidad hay de que recomiendes nuestra plataforma interna a un compañero o compañera?' },
    'pt-BR': { text: 'Qual a probabilidade de você recomendar nossa plataforma interna para um colega?' },
    ja: { text: '社内プラットフォームを同僚に勧める可能性はどのくらいありますか？' },
  },
  hours_lost: {
    de: {
      text: 'Wie viele Stunden hast du letzte Woche durch Reibungsverluste verloren (Warten, kaputte Tools, Suchen nach Informationen, vermeidbare Nacharbeit)?',
    },
    fr: {
      text: 'La semaine dernière, combien d’heures avez-vous perdues à cause de frictions (attente, outils défaillants, recherche d’informations, travail à refaire qui aurait pu être évité) ?',
    },
    es: {
      text: 'La semana pasada, ¿cuántas horas perdiste por fricciones (esperas, herramientas que fallan, búsqueda de información, retrabajo evitable)?',
    },
    'pt-BR': {
      text: 'Na semana passada, quantas horas você perdeu com atritos (espera, ferramentas quebradas, busca por informações, retrabalho evitável)?',
    },
    ja: {
      text: '先週、待ち時間や壊れたツール、情報探し、避けられたはずの手戻りといった摩擦で、何時間を失いましたか？',
    },
  },
  friction: {
    de: {
      text: 'Was hat dich zuletzt am meisten ausgebremst? Ein, zwei Sätze genügen.',
      help: 'Beschreib die Situation, nicht die Person: Bitte nenne keine Namen.',
    },
    fr: {
      text: 'Qu’est-ce qui vous a le plus ralenti récemment ? Une phrase ou deux suffisent.',
      help: 'Décrivez la situation, pas la personne : merci de ne nommer personne.',
    },
    es: {
      text: '¿Qué es lo que más te ha frenado últimamente? Con una o dos frases basta.',
      help: 'Describe la situación, no a la persona: por favor, no nombres a nadie.',
    },
    'pt-BR': {
      text: 'O que mais te atrasou recentemente? Uma ou duas frases bastam.',
      help: 'Descreva a situação, não a pessoa: por favor, não cite nomes.',
    },
    ja: {
      text: '最近、いちばん作業の妨げになったことは何ですか？ 一、二文で十分です。',
      help: '人ではなく状況について書いてください。個人名は挙げないでください。',
    },
  },
};
