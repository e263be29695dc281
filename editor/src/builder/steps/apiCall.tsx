import { apiErrorText } from '../i18n/apiErrorText';
import { useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { apiCall as definition } from '@parley/shared';
import { CheckboxField, ListEditor, NumberField, SelectField, TextArea, TextField } from '../forms/fields';
import { VariableField } from '../forms/VariableField';
import { adminApi, type ApiCallTest } from '../api/admin';
import { breakCoalescing, useFlowStore } from '../store/flowStore';
import { arr, num, rec, str, fixedOutletLabels, type FormProps, type StepView } from './types';
import type { Data } from '../store/variables';
import { templateVariables } from '@parley/shared';

const METHODS = ['GET', 'POST', 'PUT', 'PATCH', 'DELETE'] as const;
type Method = (typeof METHODS)[number];

export const summary = (d: Data) => `${str(d.method) || 'GET'} ${str(d.url)}`;

/** A variable name from a response path: `order.status` → `order_status`. */
export function variableFromPath(path: string): string {
  const name = path
    .replace(/^\$\.?/, '')
    .replace(/\[(\d+)\]/g, '_$1')
    .replace(/[^A-Za-z0-9_]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64);
  return /^[A-Za-z_]/.test(name) ? name : `v_${name}`.slice(0, 64);
}

const preview = (value: unknown) => {
  const s = typeof value === 'string' ? JSON.stringify(value) : String(value);
  return s.length > 60 ? `${s.slice(0, 57)}…` : s;
};

function TestRequest({ nodeId, data, update }: FormProps) {
  const { t } = useTranslation();
  const vars = useMemo(() => templateVariables([str(data.url), str(data.body), ...arr(data.headers).map((h) => str(rec(h).value))].join(' ')), [data]);
  const [samples, setSamples] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<ApiCallTest | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [mapped, setMapped] = useState<string | null>(null);
  const run = async () => {
    setBusy(true);
    setError(null);
    setMapped(null);
    try {
      const botId = useFlowStore.getState().botId;
      const sampleVars = Object.fromEntries(vars.map((v) => [v, samples[v] ?? '']));
      setResult(await adminApi.testApiCall(data, sampleVars, botId ? { botId, nodeId } : undefined));
    } catch (err) {
      setResult(null);
      setError(apiErrorText(err, t));
    } finally {
      setBusy(false);
    }
  };
  const addMapping = (path: string) => {
    const variable = variableFromPath(path);
    breakCoalescing();
    update({ mappings: [...arr(data.mappings), { path, variable }] });
    setMapped(t('forms.mapped', { path, variable }));
  };
  const trace = result?.trace;
  return (
    <section className="subsection" aria-label={t('forms.testRequest')}>
      {vars.length > 0 && (
        <fieldset className="list">
          <legend className="list__label">{t('forms.sampleValues')}</legend>
          {vars.map((v) => (
            <TextField key={v} label={t('forms.sampleFor', { name: v })} path={['__sample', v]} value={samples[v] ?? ''} onChange={(value) => setSamples((s) => ({ ...s, [v]: value }))} />
          ))}
        </fieldset>
      )}
      <button type="button" className="btn btn--secondary" onClick={() => void run()} disabled={busy || !definition.schema.safeParse(data).success}>
        {busy ? t('forms.testing') : t('forms.testRequest')}
      </button>
      {error && (
        <p className="notice notice--error" role="alert">
          {error}
        </p>
      )}
      {trace && (
        <div className="api-test" role="status">
          <p className={`api-test__status ${trace.ok ? 'is-ok' : 'is-failed'}`}>
            {trace.error && !trace.status ? t('forms.responseError', { ms: Math.round(trace.ms), error: trace.error }) : t('forms.responseStatus', { status: trace.status ?? '—', ms: Math.round(trace.ms) })}
          </p>
          <p className="api-test__url mono">{trace.url}</p>
          {trace.error && trace.status ? <p className="field__error">{trace.error}</p> : null}
          {trace.response !== undefined && (
            <details className="api-test__body" open>
              <summary>{t('forms.response')}</summary>
              <pre className="mono">{JSON.stringify(trace.response, null, 2)?.slice(0, 20000)}</pre>
            </details>
          )}
          {result.paths.length > 0 && (
            <>
              <p className="field__hint">{t('forms.pickPath')}</p>
              <ul className="api-test__paths">
                {result.paths.map((p) => (
                  <li key={p.path}>
                    <button type="button" className="path-btn" aria-label={t('forms.mapPath', { path: p.path })} onClick={() => addMapping(p.path)}>
                      <span className="mono path-btn__path">{p.path}</span>
                      <span className="path-btn__value">{preview(p.value)}</span>
                    </button>
                  </li>
                ))}
              </ul>
            </>
          )}
          {mapped && <p className="notice notice--success">{mapped}</p>}
        </div>
      )}
    </section>
  );
}

function Form(props: FormProps) {
  const { data, update } = props;
  const { t } = useTranslation();
  return (
    <>
      <div className="field-row field-row--method">
        <SelectField label={t('forms.method')} path={['method']} value={(str(data.method) || 'GET') as Method} options={METHODS.map((m) => ({ value: m, label: m }))} onChange={(method) => update({ method })} />
        <TextField label={t('forms.url')} path={['url']} value={str(data.url)} onChange={(url) => update({ url }, 'url')} placeholder="https://api.example.com/orders/{{order_number}}" />
      </div>
      <ListEditor
        label={t('forms.headers')}
        itemName={t('forms.header')}
        path={['headers']}
        items={arr(data.headers).map(rec)}
        max={20}
        addLabel={t('forms.addHeader')}
        onChange={(headers) => update({ headers }, 'headers')}
        create={() => ({ name: '', value: '', secret: false })}
        itemTitle={(h, i) => str(h.name) || `${t('forms.header')} ${i + 1}`}
        render={(h, _i, set, p) => (
          <>
            <div className="field-row">
              <TextField label={t('forms.headerName')} path={[...p, 'name']} value={str(h.name)} onChange={(name) => set({ ...h, name })} placeholder="Authorization" />
              <TextField label={t('forms.headerValue')} type={h.secret === true ? 'password' : 'text'} path={[...p, 'value']} value={str(h.value)} onChange={(value) => set({ ...h, value })} />
            </div>
            <CheckboxField label={t('forms.secret')} path={[...p, 'secret']} checked={h.secret === true} onChange={(secret) => set({ ...h, secret })} />
          </>
        )}
      />
      {str(data.method) !== 'GET' && str(data.method) !== '' && (
        <TextArea label={t('forms.body')} path={['body']} optional monospace rows={5} value={str(data.body)} onChange={(body) => update({ body }, 'body')} />
      )}
      <NumberField label={t('forms.timeout')} path={['timeoutMs']} min={100} max={30000} step={100} value={num(data.timeoutMs) ?? 10000} onChange={(timeoutMs) => update({ timeoutMs }, 'timeoutMs')} />
      <ListEditor
        label={t('forms.mappings')}
        itemName={t('forms.mapping')}
        path={['mappings']}
        items={arr(data.mappings).map(rec)}
        max={50}
        addLabel={t('forms.addMapping')}
        onChange={(mappings) => update({ mappings }, 'mappings')}
        create={() => ({ path: '', variable: '' })}
        itemTitle={(m, i) => (str(m.path) ? `${str(m.path)} → ${str(m.variable)}` : `${t('forms.mapping')} ${i + 1}`)}
        render={(m, _i, set, p) => (
          <div className="field-row">
            <TextField label={t('forms.path')} path={[...p, 'path']} value={str(m.path)} onChange={(path) => set({ ...m, path })} placeholder="order.status" />
            <VariableField label={t('forms.variable')} path={[...p, 'variable']} value={str(m.variable)} onChange={(variable) => set({ ...m, variable })} />
          </div>
        )}
      />
      <TestRequest {...props} />
    </>
  );
}

export const apiCall: StepView = {
  kind: 'apiCall',
  color: '#475569',
  icon: 'M7 6L3 10l4 4M13 6l4 4-4 4M11 4l-2 12',
  outletLabel: fixedOutletLabels({ success: 'outletNames.success', failure: 'outletNames.failure' }),
  summary,
  Form,
};
