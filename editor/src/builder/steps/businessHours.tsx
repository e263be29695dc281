import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ListEditor, PathErrors, SelectField, TextField, useFieldErrors } from '../forms/fields';
import { arr, num, rec, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';

/** Monday first, as most business calendars show it; the data keeps 0 = Sunday. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

export const summary = (d: Data, t: TFunction) => {
  const weekly = arr(d.weekly).map(rec);
  const days = t('forms.days', { returnObjects: true }) as unknown as string[];
  const open = WEEK.filter((day) => weekly.some((i) => i.day === day)).map((day) => (days[day] ?? '').slice(0, 3));
  return `${str(d.timeZone)} · ${open.length > 0 ? open.join(' ') : t('forms.closedDay')}`;
};

function timeZones(current: string): string[] {
  let zones: string[] = [];
  try {
    zones = Intl.supportedValuesOf('timeZone');
  } catch {
    zones = ['UTC'];
  }
  // Older ICU data lists no "UTC"; keep whatever the flow already has selectable.
  return [...new Set([...(current ? [current] : []), 'UTC', ...zones])].sort();
}

function IntervalRow({ index, interval, dayName, onChange, onRemove }: { index: number; interval: Data; dayName: string; onChange: (i: Data) => void; onRemove: () => void }) {
  const { t } = useTranslation();
  const startErrors = useFieldErrors(['weekly', index, 'start']);
  const endErrors = useFieldErrors(['weekly', index, 'end']);
  const errors = [...startErrors, ...endErrors];
  const start = str(interval.start);
  const end = str(interval.end);
  return (
    <li className={`hours__interval${errors.length ? ' field--invalid' : ''}`}>
      <input
        type="time"
        className="input input--time"
        aria-label={`${dayName} ${t('forms.from')}`}
        aria-invalid={startErrors.length > 0}
        value={start}
        onChange={(e) => onChange({ ...interval, start: e.target.value })}
      />
      <span aria-hidden="true">–</span>
      <input
        type="time"
        className="input input--time"
        aria-label={`${dayName} ${t('forms.to')}`}
        aria-invalid={endErrors.length > 0}
        value={end === '24:00' ? '23:59' : end}
        onChange={(e) => onChange({ ...interval, end: e.target.value })}
      />
      <button type="button" className="icon-btn icon-btn--danger" aria-label={t('forms.removeInterval', { day: dayName, start, end })} onClick={onRemove}>
        ×
      </button>
      {errors.length > 0 && <p className="field__error hours__error">{errors.join(' · ')}</p>}
    </li>
  );
}

/** Short weekday names in the admin's language, 0 = Sunday (1 January 2023 was a Sunday). */
function shortDays(lang: string): string[] {
  const f = new Intl.DateTimeFormat(lang, { weekday: 'short', timeZone: 'UTC' });
  return [0, 1, 2, 3, 4, 5, 6].map((d) => f.format(new Date(Date.UTC(2023, 0, 1 + d))));
}

function Form({ data, update }: FormProps) {
  const { t, i18n } = useTranslation();
  const short = useMemo(() => shortDays(i18n.language), [i18n.language]);
  const tz = str(data.timeZone);
  const zones = useMemo(() => timeZones(tz), [tz]);
  const weekly = arr(data.weekly).map(rec);
  const days = t('forms.days', { returnObjects: true }) as unknown as string[];
  const setWeekly = (next: Data[]) => update({ weekly: next }, 'weekly');
  return (
    <>
      <SelectField label={t('forms.timeZone')} path={['timeZone']} value={tz} options={zones.map((z) => ({ value: z, label: z.replace(/_/g, ' ') }))} onChange={(timeZone) => update({ timeZone })} />
      <fieldset className="list hours">
        <legend className="list__label">{t('forms.weekly')}</legend>
        <PathErrors path={['weekly']} />
        <table className="hours__grid">
          <tbody>
            {WEEK.map((day) => {
              const dayName = days[day] ?? String(day);
              const intervals = weekly.map((interval, index) => ({ interval, index })).filter((x) => num(x.interval.day) === day);
              return (
                <tr key={day}>
                  <th scope="row" className="hours__day">
                    <abbr title={dayName} aria-label={dayName}>
                      {short[day]}
                    </abbr>
                  </th>
                  <td>
                    {intervals.length === 0 && <span className="muted hours__closed">{t('forms.closedDay')}</span>}
                    <ul className="hours__intervals">
                      {intervals.map(({ interval, index }) => (
                        <IntervalRow
                          key={index}
                          index={index}
                          interval={interval}
                          dayName={dayName}
                          onChange={(next) => setWeekly(weekly.map((x, i) => (i === index ? next : x)))}
                          onRemove={() => setWeekly(weekly.filter((_, i) => i !== index))}
                        />
                      ))}
                    </ul>
                  </td>
                  <td className="hours__add">
                    <button
                      type="button"
                      className="icon-btn"
                      aria-label={t('forms.addInterval', { day: dayName })}
                      title={t('forms.addInterval', { day: dayName })}
                      onClick={() => setWeekly([...weekly, { day, start: '09:00', end: '18:00' }])}
                    >
                      +
                    </button>
                  </td>
                </tr>
              );
            })}
          </tbody>
        </table>
      </fieldset>
      <ListEditor
        label={t('forms.holidays')}
        itemName={t('forms.holiday')}
        path={['holidays']}
        items={arr(data.holidays).map(rec)}
        max={366}
        addLabel={t('forms.addHoliday')}
        onChange={(holidays) => update({ holidays }, 'holidays')}
        create={() => ({ date: new Date().toISOString().slice(0, 10), name: '' })}
        itemTitle={(h, i) => str(h.name) || str(h.date) || `${t('forms.holiday')} ${i + 1}`}
        render={(h, _i, set, p) => (
          <div className="field-row">
            <TextField label={t('forms.date')} type="date" path={[...p, 'date']} value={str(h.date)} onChange={(date) => set({ ...h, date })} />
            <TextField label={t('forms.name')} path={[...p, 'name']} optional value={str(h.name)} onChange={(name) => set({ ...h, name })} />
          </div>
        )}
      />
    </>
  );
}

export const businessHours: StepView = {
  kind: 'businessHours',
  color: '#ca8a04',
  icon: 'M10 3a7 7 0 1 0 0 14 7 7 0 0 0 0-14zM10 6v4l3 2',
  outletLabel: fixedOutletLabels({ open: 'outletNames.open', closed: 'outletNames.closed' }),
  summary,
  Form,
};
