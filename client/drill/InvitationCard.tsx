import { useEffect, useRef } from 'react';
import { createPortal } from 'react-dom';
import { useDrillMessages } from '../i18n/use-drill-messages.js';
import { formatDateTime } from './fmt.js';
import { groupCode, svgDataUrl } from './reporters-format.js';
import type { Invitation } from '../../shared/schemas/reporters.js';

/** An invitation made on the page, with the cell's name of the row it was made for (the card prints it). */
export interface MadeInvitation extends Invitation {
  gridName: string;
}

/**
 * A fresh invitation: the code (large, in two groups), its expiry and QR code, the note that it is shown this once,
 * and the contact card to print. The card is laid out for print only (drill.css @media print): it carries what its
 * holder needs to activate (QR, code, address, cell, expiry) and no name, phone or staff id. Printing happens from
 * this page rather than a print URL so the code never lands in an address bar or the browser's history.
 */
export function InvitationCard({ invitation, onClose }: { invitation: MadeInvitation; onClose: () => void }) {
  const t = useDrillMessages();
  const p = t.reportersPage;
  const code = groupCode(invitation.code);
  const expiry = formatDateTime(invitation.expiresAt, t.locale);
  const qr = svgDataUrl(invitation.qrSvg);
  // The server's address (MOSHAO_PUBLIC_URL behind a proxy), the same one the QR code carries.
  const address = invitation.activateUrl;
  const panel = useRef<HTMLElement>(null);
  // The button may be hundreds of rows down: bring the new code into view (it is shown this once).
  useEffect(() => {
    panel.current?.scrollIntoView?.({ block: 'nearest' });
  }, [invitation]);
  return (
    <section className="dpanel dinvitation" data-testid="invitation" aria-label={p.code} ref={panel}>
      <div className="dinvitation-body">
        <img className="dinvitation-qr" src={qr} alt={`${p.code} ${code}`} data-testid="invitation-qr" />
        <div>
          <div className="dmuted">{p.code}</div>
          <div className="dinvitation-code" data-testid="invitation-code">{code}</div>
          <div>{p.expires(expiry)}</div>
          <div className="dmuted">{invitation.gridName}</div>
          <p className="dnotice" role="note">{p.onceNote}</p>
          <div className="dform-row">
            <button type="button" className="dbtn primary" onClick={() => window.print()} data-testid="print-card">
              {p.print}
            </button>
            <button type="button" className="dbtn ghost" onClick={onClose}>
              {p.close}
            </button>
          </div>
        </div>
      </div>
      {createPortal(
        <div className="dcard-print" data-testid="contact-card">
          <div className="dcard">
            <h2>{p.cardTitle}</h2>
            <img src={qr} alt="" className="dcard-qr" />
            <div className="dcard-code">{code}</div>
            <p>{p.cardSteps}</p>
            <p className="dcard-address">{address}</p>
            <p>
              {p.cardCell}：{invitation.gridName}
            </p>
            <p>{p.expires(expiry)}</p>
          </div>
        </div>,
        document.body,
      )}
    </section>
  );
}
