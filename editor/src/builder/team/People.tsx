import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { TFunction } from 'i18next';
import { ApiError, fieldErrors } from '../../common/api/errors';
import { MIN_PASSWORD } from '../../common/api/session';
import { teamApi, type Person, type PersonChange, type Role } from '../api/team';
import { FormFailure, FormField, PasswordInput, focusFirstProblem, looksLikeEmail } from '../app/FormField';
import type { SignedIn } from '../app/SignIn';
import { ConfirmDialog, Modal, formatWhen, toast } from '../app/ui';
import { useLoad } from './useLoad';
import { ActionError, ListState } from './ListState';

const ROLES: readonly Role[] = ['agent', 'admin'];

/** Everyone who can sign in: add them, change their role, disable, reset a password, delete. */
export function People({ who, onSessionEnded }: { who: SignedIn; onSessionEnded: () => void }) {
  const { t, i18n } = useTranslation();
  const { data: people, setData, error, reload } = useLoad(teamApi.people);
  const [adding, setAdding] = useState(false);
  const [resetting, setResetting] = useState<Person | null>(null);
  const [disabling, setDisabling] = useState<Person | null>(null);
  const [deleting, setDeleting] = useState<Person | null>(null);
  const [changingRole, setChangingRole] = useState<{ person: Person; role: Role } | null>(null);
  const [busyId, setBusyId] = useState<number | null>(null);
  const [actionError, setActionError] = useState<string | null>(null);
  const isMe = (p: Person) => who.via === 'session' && who.userId === p.id;

  const change = async (person: Person, body: PersonChange, success: (p: Person) => string) => {
    setBusyId(person.id);
    setActionError(null);
    try {
      const updated = await teamApi.changePerson(person.id, body);
      setData((list) => list?.map((x) => (x.id === updated.id ? updated : x)) ?? null);
      toast(success(updated), 'success');
    } catch (err) {
      setActionError((err as Error).message);
    } finally {
      setBusyId(null);
    }
  };

  const remove = async (person: Person) => {
    setDeleting(null);
    setBusyId(person.id);
    setActionError(null);
    try {
      await teamApi.deletePerson(person.id);
      setData((list) => list?.filter((x) => x.id !== person.id) ?? null);
      toast(t('people.deleted', { name: person.name }), 'success');
    } catch (err) {
      // The server refuses some deletions (yourself: 409); its sentence says why.
      setActionError((err as Error).message);
    } finally {
      setBusyId(null);
    }
  };

  const roleName = (role: Role) => t(`team.roles.${role}`);

  return (
    <section className="team-section" aria-label={t('team.people')}>
      <div className="team-section__head">
        <p className="muted">{t('people.intro')}</p>
        <button type="button" className="btn btn--primary" onClick={() => setAdding(true)}>
          + {t('people.add')}
        </button>
      </div>
      <ActionError message={actionError} onDismiss={() => setActionError(null)} />
      <ListState error={error} failedText={t('people.loadFailed', { message: error })} onRetry={reload} items={people} emptyText={t('people.empty')}>
        {(people) => (
          <>
            <div className="table-wrap card">
              <table className="table">
                <thead>
                  <tr>
                    <th scope="col">{t('people.name')}</th>
                    <th scope="col">{t('people.role')}</th>
                    <th scope="col">{t('people.status')}</th>
                    <th scope="col">{t('people.since')}</th>
                    <th scope="col">
                      <span className="sr-only">{t('people.actionsHead')}</span>
                    </th>
                  </tr>
                </thead>
                <tbody>
                  {people.map((p) => {
                    const me = isMe(p);
                    const busy = busyId === p.id;
                    return (
                      <tr key={p.id} className={p.disabledAt ? 'is-disabled' : undefined}>
                        <th scope="row">
                          <div className="person">
                            <span className="person__avatar" aria-hidden="true">
                              {p.name.slice(0, 1).toUpperCase()}
                            </span>
                            <span className="person__text">
                              <span className="person__name">
                                {p.name}
                                {me && <span className="pill pill--info">{t('people.you')}</span>}
                              </span>
                              <span className="person__email">{p.email}</span>
                            </span>
                          </div>
                        </th>
                        <td>
                          <select
                            className="input input--small select"
                            aria-label={t('people.roleOf', { name: p.name })}
                            value={p.role}
                            disabled={me || busy}
                            // Confirmed first: rights change, and arrow keys on a closed select can fire a change by accident.
                            onChange={(e) => setChangingRole({ person: p, role: e.target.value as Role })}
                          >
                            {ROLES.map((r) => (
                              <option key={r} value={r}>
                                {roleName(r)}
                              </option>
                            ))}
                          </select>
                        </td>
                        <td>
                          <span className={`pill ${p.disabledAt ? 'pill--muted' : 'pill--success'}`}>
                            {p.disabledAt ? t('people.disabled') : t('people.active')}
                          </span>
                        </td>
                        <td className="table__muted">
                          <time dateTime={p.createdAt}>{formatWhen(p.createdAt, i18n.language)}</time>
                        </td>
                        <td>
                          <div className="table__actions" role="group" aria-label={t('people.actions', { name: p.name })}>
                            <button
                              type="button"
                              className="btn btn--ghost btn--small"
                              disabled={busy}
                              onClick={() => setResetting(p)}
                              aria-label={t('people.resetLabel', { name: p.name })}
                            >
                              {t('people.resetPassword')}
                            </button>
                            {p.disabledAt ? (
                              <button
                                type="button"
                                className="btn btn--ghost btn--small table__toggle"
                                disabled={busy || me}
                                aria-label={t('people.enableLabel', { name: p.name })}
                                onClick={() => void change(p, { disabled: false }, (u) => t('people.enabledToast', { name: u.name }))}
                              >
                                {t('people.enable')}
                              </button>
                            ) : (
                              <button
                                type="button"
                                className="btn btn--ghost btn--small table__toggle"
                                disabled={busy || me}
                                aria-label={t('people.disableLabel', { name: p.name })}
                                onClick={() => setDisabling(p)}
                              >
                                {t('people.disable')}
                              </button>
                            )}
                            <button
                              type="button"
                              className="btn btn--ghost btn--small btn--danger-text"
                              disabled={busy || me}
                              aria-label={t('people.deleteLabel', { name: p.name })}
                              onClick={() => setDeleting(p)}
                            >
                              {t('people.delete')}
                            </button>
                          </div>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
            </div>
            {people.some(isMe) && <p className="field__hint">{t('people.selfNote')}</p>}
          </>
        )}
      </ListState>

      {adding && (
        <AddPersonDialog
          onCancel={() => setAdding(false)}
          onAdded={(p) => {
            setAdding(false);
            setData((list) => [...(list ?? []), p]);
            toast(t('people.added', { name: p.name, role: roleName(p.role) }), 'success');
          }}
        />
      )}
      {resetting && (
        <ResetPasswordDialog
          person={resetting}
          self={isMe(resetting)}
          onCancel={() => setResetting(null)}
          onDone={(p) => {
            const self = isMe(p);
            setResetting(null);
            toast(t('people.resetDone', { name: p.name }), 'success');
            // The server ended every session of that person, this one included.
            if (self) onSessionEnded();
          }}
        />
      )}
      {disabling && (
        <ConfirmDialog
          danger
          title={t('people.disableTitle', { name: disabling.name })}
          message={t('people.disableConfirm', { name: disabling.name })}
          confirmLabel={t('people.disable')}
          onCancel={() => setDisabling(null)}
          onConfirm={() => {
            const p = disabling;
            setDisabling(null);
            void change(p, { disabled: true }, (u) => t('people.disabledToast', { name: u.name }));
          }}
        />
      )}
      {changingRole && (
        <ConfirmDialog
          title={t('people.roleTitle', { name: changingRole.person.name, role: roleName(changingRole.role) })}
          message={t('people.roleConfirm', { name: changingRole.person.name })}
          confirmLabel={t('people.roleSubmit', { role: roleName(changingRole.role) })}
          onCancel={() => setChangingRole(null)}
          onConfirm={() => {
            const { person: p, role } = changingRole;
            setChangingRole(null);
            void change(p, { role }, (u) => t('people.roleChanged', { name: u.name, role: roleName(u.role) }));
          }}
        />
      )}
      {deleting && (
        <ConfirmDialog
          danger
          title={t('people.deleteTitle', { name: deleting.name })}
          message={t('people.deleteConfirm', { name: deleting.name, email: deleting.email })}
          confirmLabel={t('people.delete')}
          onCancel={() => setDeleting(null)}
          onConfirm={() => void remove(deleting)}
        />
      )}
    </section>
  );
}

function passwordError(password: string, t: TFunction): string | null {
  return password.length < MIN_PASSWORD ? t('setup.passwordShort', { count: MIN_PASSWORD, length: password.length }) : null;
}

function AddPersonDialog({ onAdded, onCancel }: { onAdded: (p: Person) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [name, setName] = useState('');
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<Role>('agent');
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [server, setServer] = useState<Record<string, string>>({});
  const [failure, setFailure] = useState<string | null>(null);

  const local = {
    name: !name.trim() ? t('setup.nameMissing') : null,
    email: !email.trim() ? t('signIn.emailMissing') : !looksLikeEmail(email.trim()) ? t('signIn.emailInvalid') : null,
    password: passwordError(password, t),
  };
  const shown = (k: keyof typeof local) => (tried ? (local[k] ?? server[k] ?? null) : (server[k] ?? null));

  const submit = async () => {
    setTried(true);
    setFailure(null);
    setServer({});
    if (local.name || local.email || local.password) return focusFirstProblem(local, (k) => `person-${k}`);
    setBusy(true);
    try {
      onAdded(await teamApi.addPerson({ name: name.trim(), email: email.trim(), role, password }));
    } catch (err) {
      setBusy(false);
      const byField = err instanceof ApiError && err.code === 'user_exists' ? { email: t('people.exists') } : fieldErrors(err);
      if (Object.keys(byField).length > 0) {
        setServer(byField);
        focusFirstProblem(byField, (k) => `person-${k}`);
      } else setFailure((err as Error).message);
    }
  };

  return (
    <Modal
      title={t('people.addTitle')}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form="add-person-form" className="btn btn--primary" disabled={busy}>
            {t('people.addSubmit')}
          </button>
        </>
      }
    >
      <form
        id="add-person-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <FormField id="person-name" label={t('people.name')} error={shown('name')}>
          {(aria) => <input {...aria} className="input" autoComplete="off" value={name} maxLength={120} onChange={(e) => setName(e.target.value)} />}
        </FormField>
        <FormField id="person-email" label={t('people.email')} error={shown('email')}>
          {(aria) => (
            <input {...aria} className="input" type="email" autoComplete="off" value={email} maxLength={320} onChange={(e) => setEmail(e.target.value)} />
          )}
        </FormField>
        <fieldset className="choice">
          <legend className="field__label">{t('people.role')}</legend>
          {ROLES.map((r) => (
            <label key={r} className={`choice__item${role === r ? ' is-active' : ''}`}>
              <input type="radio" name="person-role" value={r} checked={role === r} onChange={() => setRole(r)} />
              <span>
                <span className="choice__title">{t(`team.roles.${r}`)}</span>
                <span className="choice__hint">{t(`team.roleHints.${r}`)}</span>
              </span>
            </label>
          ))}
        </fieldset>
        <FormField id="person-password" label={t('people.password')} hint={t('people.passwordHint', { count: MIN_PASSWORD })} error={shown('password')}>
          {(aria) => <PasswordInput aria={aria} value={password} onChange={setPassword} fresh />}
        </FormField>
        <FormFailure message={failure} />
      </form>
    </Modal>
  );
}

function ResetPasswordDialog({ person, self, onDone, onCancel }: { person: Person; self: boolean; onDone: (p: Person) => void; onCancel: () => void }) {
  const { t } = useTranslation();
  const [password, setPassword] = useState('');
  const [tried, setTried] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);
  const error = tried ? passwordError(password, t) : null;

  const submit = async () => {
    setTried(true);
    setFailure(null);
    if (passwordError(password, t)) return document.getElementById('reset-password')?.focus();
    setBusy(true);
    try {
      onDone(await teamApi.changePerson(person.id, { password }));
    } catch (err) {
      setBusy(false);
      setFailure((err as Error).message);
    }
  };

  return (
    <Modal
      title={t('people.resetTitle', { name: person.name })}
      onClose={onCancel}
      actions={
        <>
          <button type="button" className="btn btn--ghost" onClick={onCancel}>
            {t('app.cancel')}
          </button>
          <button type="submit" form="reset-password-form" className="btn btn--primary" disabled={busy}>
            {t('people.resetPassword')}
          </button>
        </>
      }
    >
      <form
        id="reset-password-form"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        <p className={self ? 'notice notice--warning' : 'muted modal__lead'}>{self ? t('people.resetSelf') : t('people.resetIntro')}</p>
        <FormField
          id="reset-password"
          label={t('people.newPassword')}
          hint={error ? undefined : t('setup.passwordRule', { count: MIN_PASSWORD })}
          error={error}
        >
          {(aria) => <PasswordInput aria={aria} value={password} onChange={setPassword} fresh />}
        </FormField>
        <FormFailure message={failure} />
      </form>
    </Modal>
  );
}
