import { useEffect, useId, useRef, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

interface Props {
  title: string;
  warning: string;
  /** The key or secret: the only place it is ever put in the page. */
  value: string;
  copyLabel: string;
  hint?: ReactNode;
  onDone: () => void;
}

/**
 * The one time a key or signing secret exists outside the program that will use it: focused and selected when it
 * appears, with a Copy button whose outcome a polite live region announces. Closing it drops the value for good.
 */
export function OneTimeSecret({ title, warning, value, copyLabel, hint, onDone }: Props) {
  const { t } = useTranslation();
  const id = useId();
  const input = useRef<HTMLInputElement>(null);
  const [copied, setCopied] = useState<'no' | 'yes' | 'failed'>('no');

  useEffect(() => {
    input.current?.focus();
  }, [value]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setCopied('yes');
    } catch {
      // No clipboard API (plain http, or permission refused): select it so the older route, or the admin, can copy it.
      input.current?.select();
      setCopied(document.execCommand?.('copy') ? 'yes' : 'failed');
    }
  };

  return (
    <section className="one-time card" aria-labelledby={`${id}-title`}>
      <h3 id={`${id}-title`} className="one-time__title">
        {title}
      </h3>
      <p className="notice notice--warning">{warning}</p>
      <div className="secret">
        <input
          ref={input}
          className="input secret__value"
          readOnly
          value={value}
          aria-labelledby={`${id}-title`}
          aria-describedby={hint ? `${id}-hint` : undefined}
          spellCheck={false}
          autoComplete="off"
          onFocus={(e) => e.currentTarget.select()}
        />
        <button type="button" className="btn btn--secondary" aria-label={copyLabel} onClick={() => void copy()}>
          {copied === 'yes' ? `✓ ${t('integrations.copied')}` : t('integrations.copy')}
        </button>
      </div>
      <p className="field__hint" role="status" aria-live="polite">
        {copied === 'yes' ? t('integrations.copied') : copied === 'failed' ? t('integrations.copyFailed') : ''}
      </p>
      {hint && (
        <p id={`${id}-hint`} className="field__hint one-time__hint">
          {hint}
        </p>
      )}
      <div>
        <button type="button" className="btn btn--primary" onClick={onDone}>
          {t('integrations.done')}
        </button>
      </div>
    </section>
  );
}
