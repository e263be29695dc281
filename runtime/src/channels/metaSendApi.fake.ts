import express from 'express';
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import {
  BUTTON_TEMPLATE_BUTTONS,
  BUTTON_TEMPLATE_TEXT,
  BUTTON_TITLE,
  ELEMENT_BUTTONS,
  ELEMENT_SUBTITLE,
  ELEMENT_TITLE,
  GENERIC_ELEMENTS,
  PAYLOAD_LIMIT,
  QUICK_REPLY_LIMIT,
  QUICK_REPLY_TITLE,
  fittingLength,
  type MetaPlatform,
} from './metaSendApi';

/** One message the fake took. */
export interface SentMessage {
  recipient: string;
  messagingType: string;
  tag?: string | undefined;
  message: Record<string, any>;
  messageId: string;
}

const MESSAGING_TYPES = new Set(['RESPONSE', 'UPDATE', 'MESSAGE_TAG']);
const TAGS = new Set(['HUMAN_AGENT', 'CONFIRMED_EVENT_UPDATE', 'POST_PURCHASE_UPDATE', 'ACCOUNT_UPDATE']);

const isText = (v: unknown, max: number): v is string => typeof v === 'string' && v.length > 0 && v.length <= max;

/** What Meta would refuse in a button; undefined when it is fine. */
function buttonProblem(b: any): string | undefined {
  if (!isText(b?.title, BUTTON_TITLE)) return `a button title is empty or over ${BUTTON_TITLE} characters: ${JSON.stringify(b?.title)}`;
  if (b.type === 'postback') return isText(b.payload, PAYLOAD_LIMIT) ? undefined : 'a postback button payload is empty or over 1000 characters';
  if (b.type === 'web_url') return typeof b.url === 'string' && /^https?:\/\//.test(b.url) ? undefined : 'a web_url button has no http(s) url';
  return `unknown button type ${String(b?.type)}`;
}

/** What Meta would refuse in a message; undefined when it is fine. */
function messageProblem(message: any, platform: MetaPlatform): string | undefined {
  if (typeof message !== 'object' || message === null) return 'message is missing';
  if ((message.text === undefined) === (message.attachment === undefined)) return 'a message needs exactly one of text and attachment';
  if (message.text !== undefined) {
    if (typeof message.text !== 'string' || message.text === '') return 'the text is empty';
    if (fittingLength(message.text, platform.textLimit, platform.textUnit) < message.text.length) return `the text is over ${platform.textLimit} ${platform.textUnit}`;
  }
  if (message.quick_replies !== undefined) {
    const qr = message.quick_replies;
    if (!Array.isArray(qr) || qr.length === 0 || qr.length > QUICK_REPLY_LIMIT) return `quick_replies must hold 1 to ${QUICK_REPLY_LIMIT} items`;
    for (const q of qr) {
      if (q.content_type !== 'text') return 'a quick reply is not content_type text';
      if (!isText(q.title, QUICK_REPLY_TITLE)) return `a quick reply title is empty or over ${QUICK_REPLY_TITLE} characters: ${JSON.stringify(q.title)}`;
      if (!isText(q.payload, PAYLOAD_LIMIT)) return 'a quick reply payload is empty or over 1000 characters';
    }
  }
  if (message.attachment !== undefined) {
    const { type, payload } = message.attachment;
    if (type !== 'template' || typeof payload !== 'object') return 'only template attachments are expected';
    if (payload.template_type === 'button') {
      if (!isText(payload.text, BUTTON_TEMPLATE_TEXT)) return `a button template text is empty or over ${BUTTON_TEMPLATE_TEXT} characters`;
      if (!Array.isArray(payload.buttons) || payload.buttons.length === 0 || payload.buttons.length > BUTTON_TEMPLATE_BUTTONS) return 'a button template needs 1 to 3 buttons';
      return payload.buttons.map(buttonProblem).find(Boolean);
    }
    if (payload.template_type === 'generic') {
      const elements = payload.elements;
      if (!Array.isArray(elements) || elements.length === 0 || elements.length > GENERIC_ELEMENTS) return `a generic template needs 1 to ${GENERIC_ELEMENTS} elements`;
      for (const e of elements) {
        if (!isText(e.title, ELEMENT_TITLE)) return `an element title is empty or over ${ELEMENT_TITLE} characters`;
        if (e.subtitle !== undefined && !isText(e.subtitle, ELEMENT_SUBTITLE)) return `an element subtitle is over ${ELEMENT_SUBTITLE} characters`;
        if (e.image_url !== undefined && !String(e.image_url).startsWith('https://')) return 'an element image_url is not https';
        if (e.default_action !== undefined && (e.default_action.type !== 'web_url' || !/^https?:\/\//.test(String(e.default_action.url)))) return 'an element default_action is not a web_url';
        if (e.buttons !== undefined) {
          if (!Array.isArray(e.buttons) || e.buttons.length === 0 || e.buttons.length > ELEMENT_BUTTONS) return `an element needs 1 to ${ELEMENT_BUTTONS} buttons`;
          const problem = e.buttons.map(buttonProblem).find(Boolean);
          if (problem) return problem;
        }
      }
      return undefined;
    }
    return `unknown template_type ${String(payload.template_type)}`;
  }
  return undefined;
}

/**
 * A stand-in for the Graph Send API (`POST /{version}/me/messages`) on loopback, refusing what Meta refuses: a wrong
 * or revoked token (401, code 190), a token in the URL, a missing recipient, an unknown messaging type or tag, texts
 * over the platform's limit, more than 13 quick replies or titles over 20, templates over their element, button and
 * text limits. `plan` scripts the next answers: a status there fails that request (429, 500), undefined lets it pass.
 */
export async function startFakeSendApi(platform: MetaPlatform, token: string) {
  const sent: SentMessage[] = [];
  const problems: string[] = [];
  const plan: (number | undefined)[] = [];
  const state = { revoked: false, requests: 0 };
  const api = express();
  api.use(express.json({ limit: '1mb' }));
  api.post('/:version/me/messages', (req, res) => {
    state.requests += 1;
    const refuse = (status: number, message: string, code = 100) => {
      problems.push(message);
      res.status(status).json({ error: { message, type: 'OAuthException', code, fbtrace_id: 'fake' } });
    };
    if ('access_token' in req.query) return refuse(400, 'the access token is in the URL');
    if (state.revoked || req.headers.authorization !== `Bearer ${token}`) {
      // Expected when a test revokes the token: not a problem of the request.
      return void res.status(401).json({ error: { message: 'Error validating access token: The session has been invalidated.', type: 'OAuthException', code: 190, error_subcode: 460 } });
    }
    if (!req.is('application/json')) return refuse(400, 'the body is not JSON');
    const status = plan.shift();
    if (status !== undefined) {
      const code = status === 429 ? 613 : 2;
      return void res.status(status).json({ error: { message: status === 429 ? 'Calls to this api have exceeded the rate limit.' : 'An unexpected error has occurred. Please retry your request later.', type: 'OAuthException', code } });
    }
    const body = req.body as Record<string, any>;
    const recipient = body.recipient?.id;
    if (typeof recipient !== 'string' || recipient === '') return refuse(400, 'recipient.id is missing');
    if (!MESSAGING_TYPES.has(body.messaging_type)) return refuse(400, `messaging_type ${String(body.messaging_type)} is not one Meta knows`);
    if (body.messaging_type === 'MESSAGE_TAG' && !TAGS.has(body.tag)) return refuse(400, `tag ${String(body.tag)} is not one Meta knows`);
    if (body.messaging_type !== 'MESSAGE_TAG' && body.tag !== undefined) return refuse(400, 'a tag without messaging_type MESSAGE_TAG');
    const problem = messageProblem(body.message, platform);
    if (problem) return refuse(400, problem);
    const messageId = `m_${sent.length + 1}`;
    sent.push({ recipient, messagingType: body.messaging_type, tag: body.tag, message: body.message, messageId });
    res.json({ recipient_id: recipient, message_id: messageId });
  });
  const server: Server = await new Promise((ok) => {
    const s = api.listen(0, '127.0.0.1', () => ok(s));
  });
  return {
    origin: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    sent,
    problems,
    plan,
    state,
    /** The messages one customer was sent, in order. */
    to: (recipient: string) => sent.filter((s) => s.recipient === recipient),
    close: () => new Promise<void>((ok) => server.close(() => ok())),
  };
}

export type FakeSendApi = Awaited<ReturnType<typeof startFakeSendApi>>;

/** What a customer reads of a message: its text, or a template's text and titles. */
export function shownText(message: Record<string, any>): string {
  if (typeof message.text === 'string') return message.text;
  const payload = message.attachment?.payload;
  if (payload?.template_type === 'button') return payload.text as string;
  if (payload?.template_type === 'generic') return (payload.elements as { title: string }[]).map((e) => e.title).join(' | ');
  return '';
}
