import { escapeHtml } from '@parley/shared';

const WORDS = {
  en: { continueText: 'Continue the conversation:', continueHtml: 'Continue the conversation', replyHint: 'You can also reply to this email.', unsubscribe: 'Unsubscribe from these notifications' },
  ko: { continueText: '대화 이어가기:', continueHtml: '대화 이어가기', replyHint: '이 메일에 회신하셔도 돼요.', unsubscribe: '알림 수신 거부' },
} as const;

/**
 * A notification's email: its text, the link that opens its conversation in the widget, and the unsubscribe link.
 * Every piece of text is escaped in the HTML part, so a notification's text cannot add markup or links.
 */
export function composeNotificationEmail(input: { text: string; subject: string | undefined; resumeUrl: string; unsubscribeUrl: string }): { subject: string; text: string; html: string } {
  const w = /[\uac00-\ud7a3]/.test(input.text) ? WORDS.ko : WORDS.en;
  const firstLine = input.text.split(/\r?\n/).find((l) => l.trim() !== '') ?? input.text;
  const subject = (input.subject ?? firstLine).replace(/[\r\n]+/g, ' ').trim().slice(0, 200);
  const text = [input.text, '', `${w.continueText} ${input.resumeUrl}`, w.replyHint, '', `${w.unsubscribe}: ${input.unsubscribeUrl}`].join('\n');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(input.text).replace(/\r?\n/g, '<br>')}</p>`,
    `<p><a href="${escapeHtml(input.resumeUrl)}">${escapeHtml(w.continueHtml)}</a></p>`,
    `<p style="color:#555">${escapeHtml(w.replyHint)}</p>`,
    `<p style="color:#777;font-size:small"><a href="${escapeHtml(input.unsubscribeUrl)}">${escapeHtml(w.unsubscribe)}</a></p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
