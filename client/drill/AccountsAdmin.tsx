import { useState, type FormEvent } from 'react';
import { SUPERVISOR_ROLES, type Role } from '../../shared/schemas/auth.js';
import { isScope } from '../../shared/scope.js';
import { createAccount, fetchAccounts, patchAccount } from '../api/admin.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { Options } from './Options.js';
import { formatDateTime } from './fmt.js';
import { useScopeNames } from './geo-cache.js';
import { DTable } from './DTable.js';
import { ErrorNotice, Loaded } from './Notice.js';
import { useAction, useApi } from './use-api.js';


/**
 * The admin's accounts: list, create (a town supervisor needs its town), disable and enable. Reporters are listed but
 * never created here: they come from invitations, bound to their staff row.
 */
export function AccountsAdmin() {
  const t = useDrillMessages();
  const a = t.adminPage;
  const names = useScopeNames();
  const towns = [...names].filter(([id]) => isScope(id, 'town'));
  const list = useApi(() => fetchAccounts(), []);
  const [username, setUsername] = useState('');
  const [password, setPassword] = useState('');
  const [role, setRole] = useState<(typeof SUPERVISOR_ROLES)[number]>('viewer');
  const [townCode, setTownCode] = useState('');

  const { error, run } = useAction(list.reload);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      await createAccount({ username: username.trim(), password, role, ...(role === 'town' ? { townCode } : {}) });
      setUsername('');
      setPassword('');
    });
  };

  return (
    <div data-testid="admin-accounts">
      <form className="dform-row" onSubmit={create}>
        <input placeholder={a.username} value={username} onChange={(e) => setUsername(e.target.value)} required pattern="[a-z0-9_.\-]{3,32}" />
        <input placeholder={a.password} type="password" autoComplete="new-password" value={password} onChange={(e) => setPassword(e.target.value)} required minLength={10} />
        <select value={role} onChange={(e) => setRole(e.target.value as (typeof SUPERVISOR_ROLES)[number])} aria-label={a.role}>
          <Options values={SUPERVISOR_ROLES} label={(r: Role) => t.roles[r]} />
        </select>
        {role === 'town' && (
          <select value={townCode} onChange={(e) => setTownCode(e.target.value)} required aria-label={a.town}>
            <option value="">{a.town}</option>
            {towns.map(([id, name]) => (
              <option key={id} value={id}>
                {name}
              </option>
            ))}
          </select>
        )}
        <button type="submit" className="dbtn primary">
          {a.create}
        </button>
      </form>
      {error && <ErrorNotice error={error} />}
      <Loaded api={list}>
        {(data) => (
          <DTable heads={[a.username, a.role, a.town, a.lastLogin, null]}>
            {data.items.map((acc) => (
              <tr key={acc.id} className={acc.disabled ? 'dimmed' : undefined} data-testid="account-row" data-username={acc.username}>
                <td>{acc.username}</td>
                <td>{t.roles[acc.role]}</td>
                <td>{acc.townCode ? (names.get(acc.townCode) ?? acc.townCode) : (acc.staffId ?? '—')}</td>
                <td className="num">{acc.lastLoginAt ? formatDateTime(acc.lastLoginAt, t.locale) : t.never}</td>
                <td>
                  {acc.disabled && <span className="dmuted">{a.disabled} </span>}
                  <button type="button" className="dbtn small" onClick={() => void run(() => patchAccount(acc.id, { disabled: !acc.disabled }))}>
                    {acc.disabled ? a.enable : a.disable}
                  </button>
                </td>
              </tr>
            ))}
          </DTable>
        )}
      </Loaded>
    </div>
  );
}
