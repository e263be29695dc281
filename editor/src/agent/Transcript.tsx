import { useEffect, useMemo, useRef } from 'react';
import { useTranslation } from 'react-i18next';
import type { Message } from '@parley/shared';
import { MessageView } from '../common/messages/MessageView';
import type { RenderOptions } from '../common/messages/render';
import { clock } from './format';

/** The conversation as the customer saw it, plus what only agents need: which flow step said what. */
export function Transcript({ messages, deliveries = [] }: { messages: Message[]; deliveries?: { seq: number; status: string }[] }) {
  const { t, i18n } = useTranslation();
  const box = useRef<HTMLDivElement>(null);
  const last = messages.at(-1)?.seq ?? 0;
  const delivery = useMemo(() => new Map(deliveries.map((d) => [d.seq, d.status])), [deliveries]);
  // Buttons are shown as the customer saw them, but only the customer can press them.
  const options = useMemo<RenderOptions>(
    () => ({
      t: (key) => (key === 'opensNewTab' ? t('msg.opensNewTab') : t(`author.${key}`)),
      nameAgent: false,
      staff: {
        pressed: (payload) => t('msg.pressed', { payload }),
        expects: (type) => t('msg.expects', { type }),
        invalid: (error) => t('msg.invalid', { error }),
      },
    }),
    [t],
  );
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
              {delivery.has(m.seq) && <span className={`tdelivery ${delivery.get(m.seq)}`}>{t(`delivery.${delivery.get(m.seq)}`)}</span>}
              {m.nodeId && (
                <code className="tnode" title={t('msg.step', { id: m.nodeId })}>
                  {m.nodeId}
                </code>
              )}
            </div>
            <MessageView message={m} options={options} />
          </li>
        ))}
      </ol>
    </div>
  );
}
