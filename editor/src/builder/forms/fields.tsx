import { createContext, useContext, useEffect, useId, useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { breakCoalescing } from '../store/flowStore';

/** A path inside a node's data: `['options', 0, 'label']`. */
export type Path = readonly (string | number)[];
export const pathKey = (path: Path) => path.join('.');

export interface FormErrors {
  /** Messages by exact path key. */
  byPath: ReadonlyMap<string, readonly string[]>;
}

const ErrorsContext = createContext<FormErrors>({ byPath: new Map() });
export const ErrorsProvider = ErrorsContext.Provider;

export function useFieldErrors(path: Path): readonly string[] {
  return useContext(ErrorsContext).byPath.get(pathKey(path)) ?? [];
}

interface FieldShellProps {
  id: string;
  label: ReactNode;
  path: Path;
  hint?: ReactNode | undefined;
  optional?: boolean | undefined;
  children: (aria: { id: string; 'aria-invalid': boolean; 'aria-describedby': string | undefined }) => ReactNode;
  className?: string | undefined;
}

/** Label, control, hint and the schema's message for this path, wired together for screen readers. */
function FieldShell({ id, label, path, hint, optional, children, className }: FieldShellProps) {
  const { t } = useTranslation();
  const errors = useFieldErrors(path);
  const hintId = hint ? `${id}-hint` : undefined;
  const errorId = errors.length > 0 ? `${id}-error` : undefined;
  const describedBy = [hintId, errorId].filter(Boolean).join(' ') || undefined;
  return (
    <div className={`field${errors.length > 0 ? ' field--invalid' : ''}${className ? ` ${className}` : ''}`}>
      <label htmlFor={id} className="field__label">
        {label}
        {optional && <span className="field__optional"> ({t('fields.optional')})</span>}
      </label>
      {children({ id, 'aria-invalid': errors.length > 0, 'aria-describedby': describedBy })}
      {hint && (
        <p id={hintId} className="field__hint">
          {hint}
        </p>
      )}
      {errorId && (
        <p id={errorId} className="field__error">
          {errors.join(' · ')}
        </p>
      )}
    </div>
  );
}

interface BaseProps {
  label: ReactNode;
  path: Path;
  hint?: ReactNode;
  optional?: boolean;
  className?: string;
}

export function TextField({
  value,
  onChange,
  placeholder,
  type = 'text',
  ...base
}: BaseProps & { value: string | undefined; onChange: (value: string) => void; placeholder?: string; type?: 'text' | 'url' | 'date' | 'time' | 'password' }) {
  const id = useId();
  return (
    <FieldShell id={id} {...base}>
      {(aria) => <input {...aria} type={type} className="input" value={value ?? ''} placeholder={placeholder} onChange={(e) => onChange(e.target.value)} />}
    </FieldShell>
  );
}

export function TextArea({
  value,
  onChange,
  rows = 3,
  placeholder,
  monospace,
  ...base
}: BaseProps & { value: string | undefined; onChange: (value: string) => void; rows?: number; placeholder?: string; monospace?: boolean }) {
  const id = useId();
  return (
    <FieldShell id={id} {...base}>
      {(aria) => (
        <textarea
          {...aria}
          className={`input textarea${monospace ? ' mono' : ''}`}
          rows={rows}
          value={value ?? ''}
          placeholder={placeholder}
          onChange={(e) => onChange(e.target.value)}
        />
      )}
    </FieldShell>
  );
}

export interface Choice<V extends string> {
  value: V;
  label: string;
}

export function SelectField<V extends string>({
  value,
  onChange,
  options,
  ...base
}: BaseProps & { value: V | undefined; onChange: (value: V) => void; options: readonly Choice<V>[] }) {
  const id = useId();
  return (
    <FieldShell id={id} {...base}>
      {(aria) => (
        <select {...aria} className="input select" value={value ?? ''} onChange={(e) => onChange(e.target.value as V)}>
          {value === undefined && <option value="" disabled />}
          {options.map((o) => (
            <option key={o.value} value={o.value}>
              {o.label}
            </option>
          ))}
        </select>
      )}
    </FieldShell>
  );
}

/** Keeps what the admin typed ("-", "1.") while it is not yet a number; empty means no value. */
export function NumberField({
  value,
  onChange,
  min,
  max,
  step,
  ...base
}: BaseProps & { value: number | undefined; onChange: (value: number | undefined) => void; min?: number; max?: number; step?: number }) {
  const id = useId();
  const [text, setText] = useState(value === undefined ? '' : String(value));
  useEffect(() => {
    setText((current) => (current.trim() !== '' && Number(current) === value ? current : value === undefined ? '' : String(value)));
  }, [value]);
  return (
    <FieldShell id={id} {...base}>
      {(aria) => (
        <input
          {...aria}
          type="number"
          inputMode="decimal"
          className="input input--number"
          value={text}
          min={min}
          max={max}
          step={step}
          onChange={(e) => {
            setText(e.target.value);
            const trimmed = e.target.value.trim();
            if (trimmed === '') onChange(undefined);
            else if (!Number.isNaN(Number(trimmed))) onChange(Number(trimmed));
          }}
        />
      )}
    </FieldShell>
  );
}

export function CheckboxField({ label, path, checked, onChange, hint }: { label: ReactNode; path: Path; checked: boolean; onChange: (checked: boolean) => void; hint?: ReactNode }) {
  const id = useId();
  const errors = useFieldErrors(path);
  return (
    <div className="field field--checkbox">
      <label className="checkbox">
        <input id={id} type="checkbox" checked={checked} onChange={(e) => onChange(e.target.checked)} aria-invalid={errors.length > 0} />
        <span>{label}</span>
      </label>
      {hint && <p className="field__hint">{hint}</p>}
      {errors.length > 0 && <p className="field__error">{errors.join(' · ')}</p>}
    </div>
  );
}

/** Errors for a list as a whole (too few items, duplicate ids), shown under its heading. */
export function PathErrors({ path }: { path: Path }) {
  const errors = useFieldErrors(path);
  if (errors.length === 0) return null;
  return <p className="field__error">{errors.join(' · ')}</p>;
}

interface ListEditorProps<T> {
  label: string;
  /** The noun for one item, for the buttons' accessible names: "option", "card". */
  itemName: string;
  path: Path;
  items: readonly T[];
  onChange: (items: T[]) => void;
  create: () => T;
  addLabel: string;
  max?: number;
  /** Items laid out in one row (a string list) instead of a card each. */
  compact?: boolean;
  render: (item: T, index: number, update: (item: T) => void, path: Path) => ReactNode;
  itemTitle?: (item: T, index: number) => ReactNode;
}

/** Add, remove and reorder for every list in a step's settings: options, cards, answers, rules, headers… */
export function ListEditor<T>({ label, itemName, path, items, onChange, create, addLabel, max, compact, render, itemTitle }: ListEditorProps<T>) {
  const { t } = useTranslation();
  const headingId = useId();
  const replace = (index: number, item: T) => onChange(items.map((x, i) => (i === index ? item : x)));
  // Adding, removing and reordering are undo steps of their own, never merged with typing around them.
  const structural = (next: T[]) => {
    breakCoalescing();
    onChange(next);
    breakCoalescing();
  };
  const move = (from: number, to: number) => {
    const next = [...items];
    const [moved] = next.splice(from, 1);
    next.splice(to, 0, moved!);
    structural(next);
  };
  const n = (i: number) => i + 1;
  return (
    <fieldset className={`list${compact ? ' list--compact' : ''}`} aria-labelledby={headingId}>
      <legend id={headingId} className="list__label">
        {label}
      </legend>
      <PathErrors path={path} />
      {items.length === 0 && <p className="list__empty">{t('fields.none')}</p>}
      <ol className="list__items">
        {items.map((item, i) => (
          <li key={i} className="list__item">
            <div className="list__item-head">
              {!compact && <span className="list__item-title">{itemTitle ? itemTitle(item, i) : t('fields.item', { n: n(i) })}</span>}
              <div className="list__item-body">{compact && render(item, i, (x) => replace(i, x), [...path, i])}</div>
              <div className="list__item-actions">
                <button type="button" className="icon-btn" aria-label={t('fields.moveItemUp', { what: itemName, n: n(i) })} title={t('fields.moveUp')} disabled={i === 0} onClick={() => move(i, i - 1)}>
                  ↑
                </button>
                <button
                  type="button"
                  className="icon-btn"
                  aria-label={t('fields.moveItemDown', { what: itemName, n: n(i) })}
                  title={t('fields.moveDown')}
                  disabled={i === items.length - 1}
                  onClick={() => move(i, i + 1)}
                >
                  ↓
                </button>
                <button
                  type="button"
                  className="icon-btn icon-btn--danger"
                  aria-label={t('fields.removeItem', { what: itemName, n: n(i) })}
                  title={t('fields.remove')}
                  onClick={() => structural(items.filter((_, j) => j !== i))}
                >
                  ×
                </button>
              </div>
            </div>
            {!compact && <div className="list__item-fields">{render(item, i, (x) => replace(i, x), [...path, i])}</div>}
          </li>
        ))}
      </ol>
      {(max === undefined || items.length < max) && (
        <button type="button" className="btn btn--ghost btn--small" onClick={() => structural([...items, create()])}>
          <span aria-hidden="true">+</span> {addLabel}
        </button>
      )}
    </fieldset>
  );
}

/** A list of short strings (phrases, choices, tags), one input each. */
export function StringListField({
  label,
  itemName,
  path,
  items,
  onChange,
  addLabel,
  max,
  placeholder,
}: {
  label: string;
  itemName: string;
  path: Path;
  items: readonly string[];
  onChange: (items: string[]) => void;
  addLabel: string;
  max?: number;
  placeholder?: string;
}) {
  const { t } = useTranslation();
  return (
    <ListEditor
      label={label}
      itemName={itemName}
      path={path}
      items={items}
      onChange={onChange}
      create={() => ''}
      addLabel={addLabel}
      max={max}
      compact
      render={(item, i, update, itemPath) => (
        <StringItem value={item} onChange={update} path={itemPath} label={`${itemName} ${i + 1}`} placeholder={placeholder ?? t('fields.item', { n: i + 1 })} />
      )}
    />
  );
}

function StringItem({ value, onChange, path, label, placeholder }: { value: string; onChange: (v: string) => void; path: Path; label: string; placeholder: string }) {
  const errors = useFieldErrors(path);
  const id = useId();
  return (
    <>
      <input
        className="input"
        aria-label={label}
        aria-invalid={errors.length > 0}
        aria-describedby={errors.length > 0 ? `${id}-e` : undefined}
        value={value}
        placeholder={placeholder}
        onChange={(e) => onChange(e.target.value)}
      />
      {errors.length > 0 && (
        <p id={`${id}-e`} className="field__error">
          {errors.join(' · ')}
        </p>
      )}
    </>
  );
}
