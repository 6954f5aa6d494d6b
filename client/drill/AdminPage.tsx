import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { useState } from 'react';
import { TabList } from '../TabList.js';
import { AccountsAdmin } from './AccountsAdmin.js';
import { AuditLog } from './AuditLog.js';
import { DrillPanel } from './DrillPanel.js';
import { NotifyAdmin } from './NotifyAdmin.js';
import { useSession } from './session-store.js';
import { TokensAdmin } from './TokensAdmin.js';

type Tab = 'accounts' | 'tokens' | 'notify' | 'audit';
const TABS: readonly Tab[] = ['accounts', 'tokens', 'notify', 'audit'];

/** The admin's page. Other roles see the 403 notice here; the server refuses them anyway. */
export function AdminPage() {
  const t = useDrillMessages();
  const role = useSession((s) => s.me?.user.role);
  const [tab, setTab] = useState<Tab>('accounts');
  if (role !== 'admin') {
    return (
      <div className="dnotice dnotice-forbidden" role="alert" data-testid="forbidden">
        {t.notices.forbidden}
      </div>
    );
  }
  return (
    <div className="dpage dpage-admin" data-testid="admin-page">
      <TabList keys={TABS} selected={tab} label={(x) => t.adminPage[x]} onSelect={setTab} look="drill" />
      <DrillPanel title={t.adminPage[tab]}>
        {tab === 'accounts' && <AccountsAdmin />}
        {tab === 'tokens' && <TokensAdmin />}
        {tab === 'notify' && <NotifyAdmin />}
        {tab === 'audit' && <AuditLog />}
      </DrillPanel>
    </div>
  );
}
