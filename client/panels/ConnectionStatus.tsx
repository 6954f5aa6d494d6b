import { useMessages } from '../i18n/use-messages.js';
import { useWall } from '../store/index.js';

/** A small dot and word in the header; data-status lets tests and monitoring read it without parsing text. */
export function ConnectionStatus() {
  const t = useMessages();
  const status = useWall((s) => s.status);
  const error = useWall((s) => s.lastError);
  return (
    <span className={`connection connection-${status}`} data-testid="connection-status" data-status={status} title={error ?? undefined}>
      <span className="connection-dot" aria-hidden />
      {t.connection[status]}
    </span>
  );
}
