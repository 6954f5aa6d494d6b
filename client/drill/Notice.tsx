import type { ReactNode } from 'react';
import { HttpError } from '../api/http.js';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import type { ApiState } from './use-api.js';

/** What went wrong, in words a supervisor can act on: 403 is about their role or area, not a broken page. */
export function ErrorNotice({ error, onRetry }: { error: Error; onRetry?: () => void }) {
  const t = useDrillMessages();
  if (error instanceof HttpError && error.status === 403) {
    return (
      <div className="dnotice dnotice-forbidden" role="alert" data-testid="forbidden">
        {t.notices.forbidden}
        <small>{error.message}</small>
      </div>
    );
  }
  if (error instanceof HttpError && error.status === 404) {
    return (
      <div className="dnotice" role="alert">
        {t.notices.notFound}
        <small>{error.message}</small>
      </div>
    );
  }
  return (
    <div className="dnotice" role="alert">
      {t.notices.failed(error.message)}
      {onRetry && (
        <button type="button" className="dbtn" onClick={onRetry}>
          {t.notices.retry}
        </button>
      )}
    </div>
  );
}

export function Loading() {
  const t = useDrillMessages();
  return (
    <div className="dnotice dnotice-loading" role="status">
      {t.notices.loading}
    </div>
  );
}

/** What a useApi holds: its error with a retry, then `children` drawn from the data (kept over a failed reload), or the loading notice. */
export function Loaded<T>({ api, children }: { api: ApiState<T>; children: (data: T) => ReactNode }) {
  return (
    <>
      {api.error && <ErrorNotice error={api.error} onRetry={api.reload} />}
      {api.data ? children(api.data) : !api.error && <Loading />}
    </>
  );
}
