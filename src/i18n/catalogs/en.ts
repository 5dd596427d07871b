/**
 * English messages (ICU MessageFormat): the source every other catalog translates. Keys are
 * grouped by surface; `{date}` values arrive already formatted for the locale.
 */
export const en = {
  // Shared
  'layout.skip': 'Skip to content',
  'layout.footer':
    'Chorus — the collective voice of your developers next to your delivery numbers. Groups under the anonymity threshold are never shown.',
  'language.label': 'Language',

  // Answer labels (web form, Slack modal, App Home)
  'likert.1': 'Strongly disagree',
  'likert.2': 'Disagree',
  'likert.3': 'Neither agree nor disagree',
  'likert.4': 'Agree',
  'likert.5': 'Strongly agree',
  'likert.na': 'Not applicable',
  'likert.short.3': 'Neutral',
  'likert.na.long': 'n/a – Does not apply to me',
  'hours.0': 'None',
  'hours.<1': 'Less than 1 hour',
  'hours.1-2': '1–2 hours',
  'hours.2-4': '2–4 hours',
  'hours.4-8': '4–8 hours',
  'hours.8+': 'More than 8 hours',
  'scale.low': '0 = not at all likely',
  'scale.high': '10 = extremely likely',
  'scale.placeholder': '0 = not at all … 10 = extremely',
  'answer.na': 'n/a',

  // Web form
  'form.privacy.anonymous':
    'This survey is fully anonymous: your answers are stored without any link to you, so they cannot be changed after you send them.',
  'form.privacy.pseudonymous':
    'Your answers are stored under a pseudonym, never next to your name. Results are only shown for groups of {k} or more people. You can change your answers until the survey closes on {date}.',
  'form.answered.title': 'You answered on {date}; change your answers below.',
  'form.answered.body': 'Your earlier answers are filled in. Sending the form again replaces them (until {date}).',
  'form.problems': 'Please check {count, plural, one {# answer} other {# answers}}',
  'form.optional': '(optional)',
  'form.text.noNames': "Please don't name people.",
  'form.text.max': 'Up to {max, number} characters.',
  'form.send': 'Send my answers',
  'form.update': 'Update my answers',
  'form.error.required': 'Please answer this question',
  'form.error.likert': 'Please choose an answer, or "Not applicable"',
  'form.error.invalid': 'is not a valid answer',
  'form.error.tooLong': 'must be at most {max, number} characters',

  // Thank-you, closed and missing pages
  'thanks.title': 'Thank you',
  'thanks.heading': 'Thank you — your answers are in',
  'thanks.body':
    'They are stored under a pseudonym, never next to your name, and only ever shown for groups of {k} or more people.',
  'thanks.again.lead': 'Changed your mind?',
  'thanks.again.link': 'Answer again',
  'thanks.again.rest': 'until {date}; your new answers replace the earlier ones.',
  'already.title': 'Already answered',
  'already.heading': 'You already answered',
  'already.body': '{survey} is fully anonymous, so answers cannot be changed once sent. Thank you for taking part.',
  'loop.title': 'You said, we did',
  'loop.status.new': 'new',
  'loop.status.acknowledged': 'acknowledged',
  'loop.status.planned': 'planned',
  'loop.status.shipped': 'shipped',
  'closed.title': 'Survey closed',
  'closed.heading': 'This survey run is closed',
  'closed.body':
    '{survey} closed on {date}{early, select, yes { (earlier than planned)} other {}}, so answers are no longer accepted. Thank you for your interest — the next invitation will arrive when the next run opens.',
  'closed.cancelled':
    'This run of {survey} was cancelled on {date}, so it accepts no answers. Nothing you may have started was stored. The next invitation will arrive when the next run opens.',
  'notYet.title': 'Survey not open yet',
  'notYet.heading': '{survey} is not open yet',
  'notYet.body': 'This survey run opens on {date}. Please come back then.',
  'missing.title': 'Survey link not found',
  'missing.heading': 'This survey link was not found',
  'missing.body':
    'The link may be incomplete (long links sometimes break across lines in e-mail) or from an older invitation. Open the most recent invitation and try again.',

  // Slack DM
  'dm.invite.lead': '*{survey}* is open: 2 minutes, anonymous. What changed since last time?',
  'dm.invite.text': '{survey}: 2 minutes, anonymous',
  'dm.reminder.lead': 'Reminder: *{survey}* is still open for you — it closes {date}.',
  'dm.reminder.text': 'Reminder: {survey} is still open',
  'dm.context':
    "Your answers are only ever shown pooled with your team's, and only once enough people have answered. Open until {date}.",
  'dm.web': 'Prefer the browser? <{url}|Answer on the web>.',
  'dm.answer': 'Answer (2 min)',
  'dm.thanks.text': 'Thanks — your answers to {survey} are in.',
  'dm.thanks.body': ":white_check_mark: Thanks — your answers to *{survey}* are in. We'll share what we do about them.",
  'dm.change': 'Change my answers',
  'dm.closed.text': '{survey} has closed.',
  'dm.closed.body': '*{survey}* has closed. Thanks for reading.',

  // Slack modal
  'modal.intro':
    'About 2 minutes. Anonymous: answers are only shown pooled with your team once enough people have answered.',
  'modal.title': 'Pulse',
  'modal.send': 'Send',
  'modal.later': 'Later',
  'modal.choose': 'Choose one',
  'modal.text.placeholder': 'What slowed you down, what helped? (optional)',
  'modal.notice.closed': 'This pulse is closed or was not sent to you. Thanks anyway — the next one will come here.',
  'modal.notice.none': 'No pulse is open for you right now. Thanks for checking!',

  // Slack App Home
  'home.header': 'Your pulses',
  'home.unknown':
    "I can't find you in the Chorus directory yet. Ask your Chorus admin to sync the directory from Slack.",
  'home.nothing': 'Nothing open right now. Use `/chorus friction <what got in your way>` any time.',
  'home.run': '*{survey}* — {answered, select, yes {answered, you can still change it} other {open}} until {date}',
  'home.answer': 'Answer',
  'home.change': 'Change answers',
  'home.recent': 'Your recent answers (only you see this)',
  'home.updates': 'You said, we did',
  'home.noUpdates': 'No updates yet.',

  // E-mail (src/mail/messages.ts)
  'mail.invite.subject': '{survey}: a few minutes of your view',
  'mail.reminder.subject': 'Reminder: {survey} closes {date}',
  'mail.invite.opening':
    'You are invited to answer "{survey}". It takes a few minutes, and what you say shapes what gets fixed.',
  'mail.reminder.opening': '"{survey}" is still open and we have not heard from you yet. It takes a few minutes.',
  'mail.greeting': 'Hi {name},',
  'mail.answerHere': 'Answer here (this link is personal, please do not forward it):',
  'mail.closes': 'The survey closes {date}.',
  'mail.button': 'Answer the survey',
  'mail.orOpen': 'Or open this personal link (please do not forward it):',
  'mail.privacy.anonymous':
    'Your answers are stored without your name, and results are shown only for groups of {k} or more people.',
  'mail.privacy.pseudonymous':
    'Nobody sees your individual answers: results are shown only for groups of {k} or more people.',
  'mail.loop.subject': 'You said, we did: {title}',
} as const;

/** A message key. */
export type MessageKey = keyof typeof en;
/** A catalog: every key, translated. */
export type Catalog = Record<MessageKey, string>;
