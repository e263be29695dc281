import { useEffect, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Button, Message } from '@parley/shared';
import { safeUrl } from '../common/links';
import { LinkText, clock } from './format';

/** The conversation as the customer saw it, plus what only agents need: which flow step said what. */
export function Transcript({ messages }: { messages: Message[] }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const last = messages.at(-1)?.seq ?? 0;
  useEffect(() => {
    const el = box.current;
    if (el) el.scrollTop = el.scrollHeight;
  }, [last]);

  return (
    <div className="transcript-scroll" ref={box}>
    <ol className="transcript" aria-label={t('ticket.transcript')}>
      {messages.map((m) => (
        <li key={m.seq} className={`tmsg ${m.author}`} data-seq={m.seq}>
          <div className="tmeta">
            <span className="tauthor">{t(`author.${m.author}`)}</span>
            <time dateTime={m.createdAt}>{clock(m.createdAt, i18n.language)}</time>
            {m.nodeId && (
              <code className="tnode" title={t('msg.step', { id: m.nodeId })}>
                {m.nodeId}
              </code>
            )}
          </div>
          <Body m={m} />
        </li>
      ))}
    </ol>
    </div>
  );
}

function Body({ m }: { m: Message }) {
  const { t } = useTranslation();
  const p = m.payload;
  switch (p.type) {
    case 'customer':
      return (
        <div className="tbody">
          <LinkText text={p.text} />
          {p.payload && <span className="tsub"> · {t('msg.pressed', { payload: p.payload })}</span>}
        </div>
      );
    case 'text':
    case 'system':
      return (
        <div className="tbody">
          <LinkText text={p.text} />
        </div>
      );
    case 'options':
      return (
        <div className="tbody">
          <LinkText text={p.text} />
          <Chips buttons={p.buttons} />
        </div>
      );
    case 'input':
      return (
        <div className="tbody">
          <LinkText text={p.text} />
          <span className="tsub"> · {t('msg.expects', { type: p.inputType })}</span>
          {p.error && <div className="terror">{t('msg.invalid', { error: p.error })}</div>}
          {p.choices && <Chips buttons={p.choices} />}
        </div>
      );
    case 'carousel':
      return (
        <div className="tbody">
          {p.text && <LinkText text={p.text} />}
          <ul className="tcards">
            {p.cards.map((c) => (
              <li key={c.id}>
                <strong>{c.title}</strong> {c.description}
                <Chips buttons={c.buttons} />
              </li>
            ))}
          </ul>
        </div>
      );
    case 'articles':
      return (
        <div className="tbody">
          <LinkText text={p.text} />
          <ul className="tcards">
            {p.articles.map((a) => {
              const href = safeUrl(a.url);
              return (
                <li key={a.id}>
                  {href ? (
                    <a href={href} target="_blank" rel="noopener noreferrer">
                      {a.title}
                    </a>
                  ) : (
                    a.title
                  )}
                </li>
              );
            })}
          </ul>
        </div>
      );
  }
}

function Chips({ buttons }: { buttons: Button[] }) {
  const { t } = useTranslation();
  if (buttons.length === 0) return null;
  return (
    <ul className="chips" aria-label={t('msg.buttons')}>
      {buttons.map((b) => (
        <li key={b.id} className="chip">
          {b.label}
        </li>
      ))}
    </ul>
  );
}
