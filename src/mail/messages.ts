/**
 * Every e-mail Chorus sends, in one place; their words are the `mail.*` messages of the catalogs in
 * src/i18n/catalogs. Each function takes locale-independent data and a locale and returns the
 * subject and both parts. Never log what these return: they hold names and personal links.
 */

import { SUPPORTED_LOCALES } from '../i18n/locales.js';
import { messagesFor, type Messages } from '../i18n/messages.js';

/**
 * Locales these e-mails are worded in (the catalogs of src/i18n). The worker speaks a person's
 * language (respondentLocale) when it is listed here, else English.
 */
export const MAIL_LOCALES: readonly string[] = SUPPORTED_LOCALES;

/** A rendered e-mail: subject, plain-text part, HTML part. */
export interface MailContent {
  subject: string;
  text: string;
  html: string;
}

/** What an invitation or reminder says, before any wording. */
export interface SurveyMailData {
  /** 0 = the invitation; 1 or 2 = the first or second reminder. */
  reminder: number;
  recipientName: string;
  surveyName: string;
  /** The personal /s/<token> link (CHORUS_BASE_URL). */
  url: string;
  /** When the run closes (ISO instant). */
  closesAt: string;
  /** The survey's time zone (IANA), for the closing date. */
  timeZone: string;
  /** The anonymity threshold: results are shown only for groups at least this large. */
  threshold: number;
  /** True when answers are stored without any link to the person. */
  fullyAnonymous: boolean;
}

/** What a "you said, we did" update says. */
export interface LoopUpdateMailData {
  themeLabel: string;
  title: string;
  body: string;
  status: 'new' | 'acknowledged' | 'planned' | 'shipped';
}

const escapeHtml = (s: string): string =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c] ?? c);

/** "Friday, 6 March 2026, 17:00 CET" in the locale, in the survey's time zone. */
function closingDate(closesAt: string, timeZone: string, locale: string): string {
  const format = (zone: string) =>
    new Intl.DateTimeFormat(locale, {
      weekday: 'long',
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: zone,
      timeZoneName: 'short',
    }).format(new Date(closesAt));
  try {
    return format(timeZone);
  } catch {
    return format('UTC');
  }
}

/** The privacy line every survey e-mail carries. */
function privacyLine(d: SurveyMailData, m: Messages): string {
  return m.t(d.fullyAnonymous ? 'mail.privacy.anonymous' : 'mail.privacy.pseudonymous', { k: d.threshold });
}

/** An invitation (reminder 0) or a reminder to answer a survey. */
export function surveyMail(d: SurveyMailData, locale = 'en'): MailContent {
  const m = messagesFor(locale);
  const closes = closingDate(d.closesAt, d.timeZone, locale);
  const survey = d.surveyName;
  const subject =
    d.reminder === 0 ? m.t('mail.invite.subject', { survey }) : m.t('mail.reminder.subject', { survey, date: closes });
  const opening = m.t(d.reminder === 0 ? 'mail.invite.opening' : 'mail.reminder.opening', { survey });
  const privacy = privacyLine(d, m);
  const greeting = m.t('mail.greeting', { name: d.recipientName });
  const closing = m.t('mail.closes', { date: closes });
  const text = [
    greeting,
    '',
    opening,
    '',
    m.t('mail.answerHere'),
    d.url,
    '',
    closing,
    '',
    privacy,
    '',
    '— Chorus',
  ].join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; max-width: 36em;">
<p>${escapeHtml(greeting)}</p>
<p>${escapeHtml(opening)}</p>
<p><a href="${escapeHtml(d.url)}" style="display: inline-block; padding: 0.6em 1.2em; background: #2547d0; color: #ffffff; text-decoration: none; border-radius: 4px;">${escapeHtml(m.t('mail.button'))}</a></p>
<p style="font-size: 0.9em;">${escapeHtml(m.t('mail.orOpen'))} <a href="${escapeHtml(d.url)}">${escapeHtml(d.url)}</a></p>
<p>${escapeHtml(closing).replace(escapeHtml(closes), `<strong>${escapeHtml(closes)}</strong>`)}</p>
<p style="font-size: 0.9em; color: #555555;">${escapeHtml(privacy)}</p>
<p>— Chorus</p>
</body></html>`;
  return { subject, text, html };
}

/** A "you said, we did" update, e-mailed to a list. */
export function loopUpdateMail(d: LoopUpdateMailData, locale = 'en'): MailContent {
  const m = messagesFor(locale);
  const subject = m.t('mail.loop.subject', { title: d.title });
  const status = `${d.themeLabel} — ${m.t(`loop.status.${d.status}`)}`;
  const text = [subject, status, '', d.body, '', '— Chorus'].join('\n');
  const paragraphs = d.body
    .split(/\n{2,}/)
    .map((p) => `<p>${escapeHtml(p).replace(/\n/g, '<br>')}</p>`)
    .join('\n');
  const html = `<!doctype html>
<html lang="${escapeHtml(locale)}"><head><meta charset="utf-8"><title>${escapeHtml(subject)}</title></head>
<body style="font-family: system-ui, sans-serif; line-height: 1.5; color: #1b1b1b; max-width: 36em;">
<h1 style="font-size: 1.3em;">${escapeHtml(d.title)}</h1>
<p style="color: #555555;">${escapeHtml(status)}</p>
${paragraphs}
<p>— Chorus</p>
</body></html>`;
  return { subject, text, html };
}
