import { escapeHtml, type Message } from '@parley/shared';

export type EmailLocale = 'en' | 'ko';

const WORDS = {
  en: {
    subject: (s: string) => `Re: ${s}`,
    fallbackSubject: 'Your conversation with us',
    intro: 'Our team replied to your conversation:',
    earlier: 'Earlier in the conversation:',
    you: 'You',
    team: 'Support',
    bot: 'Assistant',
    continueText: 'Continue the conversation:',
    continueHtml: 'Continue the conversation',
    replyHint: 'You can also reply to this email; your reply goes to the same conversation.',
  },
  ko: {
    subject: (s: string) => `Re: ${s}`,
    fallbackSubject: '문의하신 대화',
    intro: '문의하신 대화에 상담원이 답변했어요:',
    earlier: '이전 대화:',
    you: '고객님',
    team: '상담원',
    bot: '챗봇',
    continueText: '대화 이어가기:',
    continueHtml: '대화 이어가기',
    replyHint: '이 메일에 회신하셔도 같은 대화로 전달돼요.',
  },
} as const;

export interface ComposeInput {
  locale: EmailLocale;
  ticketSubject: string | undefined;
  reply: string;
  /** The messages before the reply, oldest first. */
  excerpt: Pick<Message, 'author' | 'payload'>[];
  resumeUrl: string;
}

const textOf = (m: Pick<Message, 'author' | 'payload'>): string => ('text' in m.payload ? (m.payload.text ?? '') : '');

/**
 * The email for one agent reply: plain text, and simple HTML in which every piece of conversation text is escaped,
 * so nothing a customer or agent typed can add markup or links to the mail.
 */
export function composeReplyEmail(input: ComposeInput): { subject: string; text: string; html: string } {
  const w = WORDS[input.locale];
  const who = (author: Message['author']) => (author === 'customer' ? w.you : author === 'agent' ? w.team : w.bot);
  const lines = input.excerpt.filter((m) => m.author !== 'system' && textOf(m).trim() !== '').map((m) => ({ who: who(m.author), text: textOf(m) }));
  const subject = w.subject((input.ticketSubject ?? '').replace(/[\r\n]+/g, ' ').trim() || w.fallbackSubject).slice(0, 200);
  const text = [
    w.intro,
    '',
    input.reply,
    '',
    ...(lines.length > 0 ? ['---', w.earlier, ...lines.map((l) => `${l.who}: ${l.text}`), '---', ''] : []),
    `${w.continueText} ${input.resumeUrl}`,
    w.replyHint,
  ].join('\n');
  const paragraphs = (s: string) => escapeHtml(s).replace(/\r?\n/g, '<br>');
  const html = [
    '<!doctype html><html><body style="font-family:sans-serif;line-height:1.5">',
    `<p>${escapeHtml(w.intro)}</p>`,
    `<blockquote style="margin:0 0 16px;padding:8px 12px;border-left:3px solid #888">${paragraphs(input.reply)}</blockquote>`,
    ...(lines.length > 0 ? [`<p style="color:#555">${escapeHtml(w.earlier)}</p>`, '<ul style="color:#555">', ...lines.map((l) => `<li><b>${escapeHtml(l.who)}:</b> ${paragraphs(l.text)}</li>`), '</ul>'] : []),
    `<p><a href="${escapeHtml(input.resumeUrl)}">${escapeHtml(w.continueHtml)}</a></p>`,
    `<p style="color:#555">${escapeHtml(w.replyHint)}</p>`,
    '</body></html>',
  ].join('\n');
  return { subject, text, html };
}
