import type { ConnectionStatus as Status } from '../store/connection-slice.js';
import { useWall } from '../store/index.js';

const LABELS: Record<Status, string> = {
  connecting: '连接中',
  online: '已连接',
  offline: '已断开',
};

/** A small dot and word in the header; data-status lets tests and monitoring read it without parsing text. */
export function ConnectionStatus() {
  const status = useWall((s) => s.status);
  const error = useWall((s) => s.lastError);
  return (
    <span className={`connection connection-${status}`} data-testid="connection-status" data-status={status} title={error ?? undefined}>
      <span className="connection-dot" aria-hidden />
      {LABELS[status]}
    </span>
  );
}
