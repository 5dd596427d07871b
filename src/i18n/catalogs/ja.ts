import type { Catalog } from './en.js';

/**
 * Japanese (polite です・ます). Slack mrkdwn bold needs a space or punctuation around the asterisks,
 * so a bold survey name is followed by a space.
 */
export const ja: Catalog = {
  'layout.skip': '本文へスキップ',
  'layout.footer':
    'Chorus — 開発者の声をまとめ、デリバリーの指標と並べて見るためのツールです。匿名性のしきい値に満たないグループは表示されません。',
  'language.label': '言語',

  'likert.1': 'まったくそう思わない',
  'likert.2': 'そう思わない',
  'likert.3': 'どちらともいえない',
  'likert.4': 'そう思う',
  'likert.5': 'とてもそう思う',
  'likert.na': '該当しない',
  'likert.short.3': 'どちらともいえない',
  'likert.na.long': '該当なし – 自分には当てはまらない',
  'hours.0': 'なし',
  'hours.<1': '1時間未満',
  'hours.1-2': '1〜2時間',
  'hours.2-4': '2〜4時間',
  'hours.4-8': '4〜8時間',
  'hours.8+': '8時間超',
  'scale.low': '0 = まったく可能性はない',
  'scale.high': '10 = 非常に可能性が高い',
  'scale.placeholder': '0 = まったくない … 10 = 非常に高い',
  'answer.na': '該当なし',

  'form.privacy.anonymous':
    'このアンケートは完全匿名です。回答はあなたと結びつかない形で保存されるため、送信後に変更することはできません。',
  'form.privacy.pseudonymous':
    '回答は仮名で保存され、あなたの名前と一緒に保存されることはありません。結果は{k}人以上のグループについてのみ表示されます。アンケートが締め切られる{date}までは回答を変更できます。',
  'form.answered.title': '{date}に回答済みです。下で回答を変更できます。',
  'form.answered.body':
    '前回の回答が入力されています。もう一度送信すると、前回の回答が置き換えられます（{date}まで）。',
  'form.problems': '{count}件の回答を確認してください',
  'form.optional': '（任意）',
  'form.text.noNames': '個人名は挙げないでください。',
  'form.text.max': '{max, number}文字まで。',
  'form.send': '回答を送信',
  'form.update': '回答を更新',
  'form.error.required': 'この質問に回答してください',
  'form.error.likert': '回答を選ぶか、「該当しない」を選んでください',
  'form.error.invalid': '有効な回答ではありません',
  'form.error.tooLong': '{max, number}文字以内で入力してください',

  'thanks.title': 'ありがとうございました',
  'thanks.heading': 'ご回答ありがとうございました',
  'thanks.body':
    '回答は仮名で保存され、名前と一緒に保存されることはなく、{k}人以上のグループについてのみ表示されます。',
  'thanks.again.lead': '気が変わりましたか？ {date}までは',
  'thanks.again.link': 'もう一度回答',
  'thanks.again.rest': 'できます。新しい回答が前回の回答に置き換わります。',
  'already.title': '回答済み',
  'already.heading': 'すでに回答済みです',
  'already.body': '{survey}は完全匿名のため、送信後に回答を変更することはできません。ご協力ありがとうございました。',
  'loop.title': 'いただいた声と、私たちの取り組み',
  'loop.status.new': '新規',
  'loop.status.acknowledged': '確認済み',
  'loop.status.planned': '予定',
  'loop.status.shipped': '対応済み',
  'closed.title': 'アンケート終了',
  'closed.heading': 'このアンケートは締め切られました',
  'closed.body':
    '{survey}は{date}に締め切られました{early, select, yes {（予定より早く終了）} other {}}。回答の受け付けは終了しています。ご関心をお寄せいただきありがとうございます。次の回が始まると、また招待をお送りします。',
  'closed.cancelled':
    '{survey}のこの回は{date}に中止されたため、回答は受け付けていません。途中まで入力した内容も保存されていません。次の回が始まると、また招待をお送りします。',
  'notYet.title': 'アンケートはまだ始まっていません',
  'notYet.heading': '{survey}はまだ始まっていません',
  'notYet.body': 'この回は{date}に始まります。その頃にもう一度お越しください。',
  'missing.title': 'アンケートのリンクが見つかりません',
  'missing.heading': 'このアンケートのリンクは見つかりませんでした',
  'missing.body':
    'リンクが途中で切れている（長いリンクはメールで改行されることがあります）か、古い招待のリンクかもしれません。最新の招待を開いて、もう一度お試しください。',

  'dm.invite.lead': '*{survey}* の回答受付が始まりました。所要2分、匿名です。前回から何か変わりましたか？',
  'dm.invite.text': '{survey}：所要2分、匿名',
  'dm.reminder.lead': 'リマインダー：*{survey}* はまだ回答できます。締め切りは{date}です。',
  'dm.reminder.text': 'リマインダー：{survey}はまだ回答できます',
  'dm.context':
    '回答はチーム全体の結果としてまとめて表示され、十分な人数が回答するまでは表示されません。{date}まで受付中です。',
  'dm.web': 'ブラウザで回答したい場合は <{url}|Webで回答> してください。',
  'dm.answer': '回答する（2分）',
  'dm.thanks.text': '{survey}へのご回答ありがとうございました。',
  'dm.thanks.body':
    ':white_check_mark: *{survey}* へのご回答ありがとうございました。どう対応するかは追ってお知らせします。',
  'dm.change': '回答を変更',
  'dm.closed.text': '{survey}は締め切られました。',
  'dm.closed.body': '*{survey}* は締め切られました。お読みいただきありがとうございました。',

  'modal.intro': '所要約2分。匿名です。回答はチームの結果としてまとめられ、十分な人数が回答してから表示されます。',
  'modal.title': 'パルス',
  'modal.send': '送信',
  'modal.later': 'あとで',
  'modal.choose': '選択してください',
  'modal.text.placeholder': '作業の妨げになったこと、助けになったことは？（任意）',
  'modal.notice.closed': 'このパルスは締め切られたか、あなた宛てではありません。次回はここに届きます。',
  'modal.notice.none': '今、回答できるパルスはありません。確認ありがとうございます！',

  'home.header': 'あなたのパルス',
  'home.unknown':
    'Chorusのディレクトリにまだあなたが見つかりません。Chorusの管理者に、Slackからディレクトリを同期するよう依頼してください。',
  'home.nothing': '今は回答できるものがありません。`/chorus friction <困ったこと>` でいつでも報告できます。',
  'home.run': '*{survey}* — {date}まで{answered, select, yes {回答済み（変更できます）} other {受付中}}',
  'home.answer': '回答する',
  'home.change': '回答を変更',
  'home.recent': '最近の回答（あなたにしか見えません）',
  'home.updates': 'いただいた声と、私たちの取り組み',
  'home.noUpdates': 'まだお知らせはありません。',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey}：数分だけ、あなたの声を聞かせてください',
  'mail.reminder.subject': 'リマインダー：{survey}の締め切りは{date}です',
  'mail.invite.opening':
    '「{survey}」への回答をお願いします。所要時間は数分です。いただいた声をもとに、何を改善するかを決めます。',
  'mail.reminder.opening': '「{survey}」はまだ受付中ですが、まだご回答をいただいていません。所要時間は数分です。',
  'mail.greeting': '{name} さん',
  'mail.answerHere': 'こちらから回答してください（このリンクはあなた専用です。転送しないでください）：',
  'mail.closes': 'アンケートの締め切りは{date}です。',
  'mail.button': 'アンケートに回答する',
  'mail.orOpen': 'または、あなた専用の次のリンクを開いてください（転送しないでください）：',
  'mail.privacy.anonymous': '回答はあなたの名前なしで保存され、結果は{k}人以上のグループについてのみ表示されます。',
  'mail.privacy.pseudonymous': '個々の回答を見る人はいません。結果は{k}人以上のグループについてのみ表示されます。',
  'mail.loop.subject': 'いただいた声と、私たちの取り組み：{title}',
};
