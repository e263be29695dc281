import { useLayoutEffect, useRef } from 'react';
import type { Message } from '@parley/shared';
import { renderMessage, type RenderOptions } from './render';
import './messages.css';

/**
 * The one message renderer, mounted in a React tree. It draws DOM itself, so the preview and the transcript show a
 * message exactly as the widget does; React owns only the host element.
 */
export function MessageView({ message, options }: { message: Message; options: RenderOptions }) {
  const host = useRef<HTMLDivElement>(null);
  // The postback handler is read when pressed, so a re-render with a new closure does not redraw the message.
  const latest = useRef(options);
  latest.current = options;
  const { t, disabled } = options;

  useLayoutEffect(() => {
    const current = latest.current;
    host.current?.replaceChildren(
      renderMessage(message, {
        ...current,
        postback: current.postback && ((b) => latest.current.postback?.(b)),
      }),
    );
  }, [message, t, disabled]);

  return <div className="message-view" ref={host} />;
}
