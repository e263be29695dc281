import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useFlowStore } from '../store/flowStore';
import { variableTable } from '../store/variables';
import { useFieldErrors, type Path } from './fields';

/**
 * Variable names for suggestions: declared, read or written anywhere. Collecting them walks every step,
 * so a field asks only while it has focus; typing elsewhere in a large flow stays cheap.
 */
export function useVariableNames(active = true): string[] {
  const doc = useFlowStore((s) => (active ? s.doc : null));
  return useMemo(() => (doc ? variableTable(doc).map((v) => v.name) : []), [doc]);
}

export function VariableField({
  label,
  path,
  value,
  onChange,
  hint,
  optional,
}: {
  label: string;
  path: Path;
  value: string | undefined;
  onChange: (value: string) => void;
  hint?: string;
  optional?: boolean;
}) {
  const { t } = useTranslation();
  const id = useId();
  const listId = `${id}-vars`;
  const [focused, setFocused] = useState(false);
  const names = useVariableNames(focused);
  const errors = useFieldErrors(path);
  const describedBy = [hint ? `${id}-hint` : '', errors.length ? `${id}-error` : ''].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors.length > 0 ? ' field--invalid' : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {optional && <span className="field__optional"> ({t('fields.optional')})</span>}
      </label>
      <div className="input-affix">
        <span className="input-affix__text" aria-hidden="true">
          {'{{'}
        </span>
        <input
          id={id}
          className="input mono"
          list={listId}
          value={value ?? ''}
          autoComplete="off"
          spellCheck={false}
          aria-invalid={errors.length > 0}
          aria-describedby={describedBy}
          onChange={(e) => onChange(e.target.value)}
          onFocus={() => setFocused(true)}
          onBlur={() => setFocused(false)}
        />
        <span className="input-affix__text" aria-hidden="true">
          {'}}'}
        </span>
      </div>
      <datalist id={listId}>
        {names.map((n) => (
          <option key={n} value={n} />
        ))}
      </datalist>
      {hint && (
        <p id={`${id}-hint`} className="field__hint">
          {hint}
        </p>
      )}
      {errors.length > 0 && (
        <p id={`${id}-error`} className="field__error">
          {errors.join(' · ')}
        </p>
      )}
    </div>
  );
}
