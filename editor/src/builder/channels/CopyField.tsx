import { useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  label: string;
  /** Never a secret: this lands in the page as text. */
  value: string;
  /** The Copy button's accessible name, saying what it copies when a card has more than one. */
  copyLabel: string;
  hint?: ReactNode;
  /** A command line, shown as code that wraps, instead of a one-line box. */
  code?: boolean;
}

/**
 * A value to paste elsewhere, with a Copy button and a polite live region that announces the outcome to screen
 * readers as well as showing it.
 */
export function CopyField({ label, value, copyLabel, hint, code }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const pre = useRef<HTMLPreElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard API (plain http, or permission refused): select the text so the older route, or the admin, can copy it.
      if (input.current) input.current.select();
      else if (pre.current) window.getSelection()?.selectAllChildren(pre.current);
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <div className="field">
      {code ? (
        <span id={`${id}-label`} className="field__label">
          {label}
        </span>
      ) : (
        <label htmlFor={id} className="field__label">
          {label}
        </label>
      )}
      <div className={code ? 'copy copy--code' : 'copy secret'}>
        {code ? (
          // Focusable so a keyboard can scroll it; labelled like the box it stands in for.
          <pre ref={pre} id={id} className="copy__code" tabIndex={0} aria-labelledby={`${id}-label`} aria-describedby={hint ? `${id}-hint` : undefined}>
            <code>{value}</code>
          </pre>
        ) : (
          <input
            ref={input}
            id={id}
            className="input secret__value"
            readOnly
            value={value}
            spellCheck={false}
            aria-describedby={hint ? `${id}-hint` : undefined}
            onFocus={(e) => e.currentTarget.select()}
          />
        )}
        <button type="button" className="btn btn--secondary" aria-label={copyLabel} onClick={() => void copy()}>
          {copied === 'yes' ? `✓ ${t('channels.copied')}` : t('channels.copy')}
        </button>
      </div>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      <p className="field__hint" role="status" aria-live="polite">
        {copied === 'yes' ? t('channels.copied') : copied === 'failed' ? t('channels.copyFailed') : ''}
      </p>
    </div>
  );
}
