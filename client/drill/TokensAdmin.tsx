import { useState, type FormEvent } from 'react';
import { createIntakeToken, fetchIntakeTokens, revokeIntakeToken } from '../api/admin.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { DTable } from './DTable.js';
import { ErrorNotice, Loaded } from './Notice.js';
import { useAction, useApi } from './use-api.js';

/** Intake tokens: list, create (the secret is shown once, right here, and never again), revoke. */
export function TokensAdmin() {
  const t = useDrillMessages();
  const a = t.adminPage;
  const list = useApi(() => fetchIntakeTokens(), []);
  const [name, setName] = useState('');
  const [secret, setSecret] = useState<string | null>(null);

  const { error, run } = useAction(list.reload);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const created = await createIntakeToken(name.trim());
      setSecret(created.secret);
      setName('');
    });
  };

  return (
    <div data-testid="admin-tokens">
      <form className="dform-row" onSubmit={create}>
        <input placeholder={a.tokenName} value={name} onChange={(e) => setName(e.target.value)} required maxLength={80} />
        <button type="submit" className="dbtn primary">
          {a.create}
        </button>
      </form>
      {secret && (
        <div className="dsecret" role="status" data-testid="token-secret">
          {a.secretOnce}
          <code>{secret}</code>
          <button type="button" className="dbtn small ghost" onClick={() => setSecret(null)}>
            ×
          </button>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
      <Loaded api={list}>
        {(data) => (
          <DTable heads={[a.tokenName, 'ID', a.lastUsed, null]}>
            {data.items.map((tok) => (
              <tr key={tok.id} className={tok.revokedAt ? 'dimmed' : undefined} data-testid="token-row">
                <td>{tok.name}</td>
                <td>
                  <code>{tok.prefix}…</code>
                </td>
                <td className="num">{tok.lastUsedAt ? formatDateTime(tok.lastUsedAt, t.locale) : t.never}</td>
                <td>
                  {tok.revokedAt ? (
                    <span className="dmuted">
                      {a.revoked} {formatDateTime(tok.revokedAt, t.locale)}
                    </span>
                  ) : (
                    <button type="button" className="dbtn small danger" onClick={() => void run(() => revokeIntakeToken(tok.id))}>
                      {a.revoke}
                    </button>
                  )}
                </td>
              </tr>
            ))}
          </DTable>
        )}
      </Loaded>
    </div>
  );
}
