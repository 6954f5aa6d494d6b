import './supervise.css';
import { useState, type FormEvent } from 'react';
import type { NewSubscriptionBody } from '../../shared/schemas/notify.js';
import {
  createSubscription,
  deleteSubscription,
  fetchOutbox,
  fetchSubscriptions,
  patchSubscription,
  retryOutbox,
  type SuperviseLevel,
} from '../api/supervise.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { useScopeNames } from './geo-cache.js';
import { Link } from './Link.js';
import { ErrorNotice, Loading } from './Notice.js';
import { ticketPath } from './router.js';
import { useAction, useApi } from './use-api.js';

type Channel = NewSubscriptionBody['channel'];
const CHANNELS: readonly Channel[] = ['wecom', 'dingtalk', 'webhook'];
const LEVELS: readonly SuperviseLevel[] = ['blue', 'yellow', 'red', 'escalated'];

/** The form's fields as the POST body: empty optional fields left out, mobiles split on commas or spaces. */
export function subscriptionBody(f: { name: string; scope: string; unit: string; channel: Channel; url: string; secret: string; levels: readonly SuperviseLevel[]; mentions: string }): NewSubscriptionBody {
  const mobiles = f.mentions.split(/[\s,，、]+/).filter(Boolean);
  return {
    name: f.name.trim(),
    ...(f.scope.trim() ? { scope: f.scope.trim() } : {}),
    ...(f.unit.trim() ? { unit: f.unit.trim() } : {}),
    channel: f.channel,
    url: f.url.trim(),
    ...(f.secret.trim() ? { secret: f.secret.trim() } : {}),
    levels: LEVELS.filter((l) => f.levels.includes(l)),
    ...(mobiles.length > 0 ? { mentionMobiles: mobiles } : {}),
  };
}

/**
 * 督办 subscriptions: list, create (a secret the server made or took is shown once, here), turn off and on, delete;
 * and the outbox's failed and given-up sends, each with "retry now".
 */
export function NotifyAdmin() {
  const t = useDrillMessages();
  const a = t.adminPage;
  const scopeNames = useScopeNames();
  const list = useApi(() => fetchSubscriptions(), []);
  const outbox = useApi(async () => {
    const [failed, dead] = await Promise.all([fetchOutbox('failed'), fetchOutbox('dead')]);
    return [...failed.items, ...dead.items].sort((x, y) => y.id - x.id);
  }, []);
  const [form, setForm] = useState({ name: '', scope: '', unit: '', channel: 'wecom' as Channel, url: '', secret: '', mentions: '' });
  const [levels, setLevels] = useState<SuperviseLevel[]>(['yellow', 'red', 'escalated']);
  const [secret, setSecret] = useState<string | null>(null);
  const set = (k: keyof typeof form) => (e: { target: { value: string } }) => setForm({ ...form, [k]: e.target.value });

  const reloadAll = () => {
    list.reload();
    outbox.reload();
  };
  const { error, run } = useAction(reloadAll);
  const create = (e: FormEvent) => {
    e.preventDefault();
    void run(async () => {
      const created = await createSubscription(subscriptionBody({ ...form, levels }));
      setSecret(created.secret ?? null);
      setForm({ name: '', scope: '', unit: '', channel: form.channel, url: '', secret: '', mentions: '' });
    });
  };
  const remove = (id: number, name: string) => {
    if (window.confirm(a.removeConfirm(name))) void run(() => deleteSubscription(id));
  };
  const names = new Map(list.data?.items.map((s) => [s.id, s.name]));

  return (
    <div data-testid="admin-notify">
      <form className="dform-row dnotify-form" onSubmit={create} data-testid="notify-form">
        <input placeholder={a.subName} aria-label={a.subName} value={form.name} onChange={set('name')} required maxLength={60} />
        <input placeholder={a.subScope} aria-label={a.subScope} value={form.scope} onChange={set('scope')} pattern="321171(\d{3}){0,2}" />
        <input placeholder={a.subUnit} aria-label={a.subUnit} value={form.unit} onChange={set('unit')} maxLength={60} />
        <select value={form.channel} onChange={set('channel')} aria-label={a.subChannel}>
          {CHANNELS.map((c) => (
            <option key={c} value={c}>
              {a.channels[c]}
            </option>
          ))}
        </select>
        <input placeholder={a.subUrl} aria-label={a.subUrl} value={form.url} onChange={set('url')} required type="url" maxLength={1000} />
        <input placeholder={a.subSecret} aria-label={a.subSecret} value={form.secret} onChange={set('secret')} required={form.channel === 'dingtalk'} autoComplete="off" />
        <input placeholder={a.subMentions} aria-label={a.subMentions} value={form.mentions} onChange={set('mentions')} inputMode="tel" />
        <fieldset className="dcheckboxes">
          <legend>{a.subLevels}</legend>
          {LEVELS.map((l) => (
            <label key={l}>
              <input
                type="checkbox"
                checked={levels.includes(l)}
                onChange={(e) => setLevels(e.target.checked ? [...levels, l] : levels.filter((x) => x !== l))}
                data-testid={`notify-level-${l}`}
              />
              {t.supervise.levels[l]}
            </label>
          ))}
        </fieldset>
        <button type="submit" className="dbtn primary" disabled={levels.length === 0}>
          {a.create}
        </button>
      </form>
      {secret && (
        <div className="dsecret" role="status" data-testid="notify-secret">
          {a.subSecretOnce}
          <code>{secret}</code>
          <button type="button" className="dbtn small ghost" onClick={() => setSecret(null)}>
            ×
          </button>
        </div>
      )}
      {error && <ErrorNotice error={error} />}
      {list.error && <ErrorNotice error={list.error} onRetry={list.reload} />}
      {!list.data && !list.error && <Loading />}
      {list.data && (
        <div className="daudit">
          <table className="dtable">
            <thead>
              <tr>
                <th>{a.subName}</th>
                <th>{a.subScope}</th>
                <th>{a.subUnit}</th>
                <th>{a.subChannel}</th>
                <th>{a.subUrl}</th>
                <th>{a.subLevels}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((s) => (
                <tr key={s.id} className={s.disabledAt ? 'dimmed' : undefined} data-testid="subscription-row" data-id={s.id} data-enabled={s.disabledAt === null}>
                  <td>{s.name}</td>
                  <td>{s.scope ? (scopeNames.get(s.scope) ?? s.scope) : a.anyScope}</td>
                  <td>{s.unit ?? '—'}</td>
                  <td>{a.channels[s.channel]}</td>
                  <td className="ddetail">
                    <code>{s.url}</code>
                  </td>
                  <td>{s.levels.map((l) => t.supervise.levels[l]).join('、')}</td>
                  <td>
                    {s.disabledAt ? (
                      <button type="button" className="dbtn small" onClick={() => void run(() => patchSubscription(s.id, { enabled: true }))} data-testid="subscription-enable">
                        {a.enable}
                      </button>
                    ) : (
                      <button type="button" className="dbtn small ghost" onClick={() => void run(() => patchSubscription(s.id, { enabled: false }))} data-testid="subscription-disable">
                        {a.disable}
                      </button>
                    )}{' '}
                    <button type="button" className="dbtn small danger" onClick={() => remove(s.id, s.name)} data-testid="subscription-delete">
                      {a.remove}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="dsubhead">{a.outbox}</h3>
      {outbox.error && <ErrorNotice error={outbox.error} onRetry={outbox.reload} />}
      {outbox.data && outbox.data.length === 0 && <p className="dempty">{a.noRows}</p>}
      {outbox.data && outbox.data.length > 0 && (
        <div className="daudit">
          <table className="dtable">
            <thead>
              <tr>
                <th>ID</th>
                <th>{a.subName}</th>
                <th>{t.supervisePage.ticket}</th>
                <th>{t.supervisePage.level}</th>
                <th>{a.attempts}</th>
                <th>{a.nextAttempt}</th>
                <th>{a.lastError}</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {outbox.data.map((row) => (
                <tr key={row.id} data-testid="outbox-row" data-id={row.id} data-status={row.status}>
                  <td className="num">{row.id}</td>
                  <td>{names.get(row.subscriptionId) ?? `#${row.subscriptionId}`}</td>
                  <td>
                    <Link to={ticketPath(row.ticketId)}>#{row.ticketId}</Link>
                  </td>
                  <td>
                    {t.supervise.levels[row.level]} · {row.status === 'dead' ? a.outboxStatus.dead : a.outboxStatus.failed}
                  </td>
                  <td className="num">{row.attempts}</td>
                  <td className="num">{row.status === 'failed' ? formatDateTime(row.nextAttemptAt, t.locale) : '—'}</td>
                  <td className="ddetail">{row.lastError ?? '—'}</td>
                  <td>
                    <button type="button" className="dbtn small" onClick={() => void run(() => retryOutbox(row.id))} data-testid="outbox-retry">
                      {a.retry}
                    </button>
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </div>
  );
}
