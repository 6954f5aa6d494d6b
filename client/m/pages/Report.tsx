import { useEffect, useState } from 'react';
import type { GeoFeature } from '../../../shared/schemas/geo.js';
import type { Category } from '../../../shared/schemas/ticket.js';
import { fetchCategories, fetchGrid, fetchHealth, type Filed } from '../api.js';
import type { Lang, T } from '../i18n.js';
import { submit } from '../outbox.js';
import { useMe } from '../session.js';
import { ErrorBox, Field, Link, messageOf } from '../ui.js';
import { isValid, validateReport, type FieldErrors } from '../validate.js';
import { PhotoInput } from './PhotoInput.js';
import { PlacePicker, type Place } from './PlacePicker.js';

const NO_PLACE: Place = { gridId: null, gridName: null, location: null, accuracy: null };
const RECEIPTS_KEY = 'moshao-m-receipts';

/** A resident's receipts, kept on their phone so that they can follow their reports (nothing else knows them). */
export function keptReceipts(): string[] {
  try {
    return JSON.parse(localStorage.getItem(RECEIPTS_KEY) ?? '[]') as string[];
  } catch {
    return [];
  }
}
function keepReceipt(receipt: string): void {
  try {
    localStorage.setItem(RECEIPTS_KEY, JSON.stringify([receipt, ...keptReceipts().filter((r) => r !== receipt)].slice(0, 20)));
  } catch {
    // storage refused: the receipt is still shown on the page
  }
}

/**
 * Report a problem. A reporter files as themselves (POST /api/tickets); a resident, from a cell's QR poster
 * (/m/report?cell=<grid id>), files anonymously (POST /api/public/reports) and gets a receipt. Either way the report
 * goes to the outbox first, and from there when there is network.
 */
export function Report({ t, lang }: { t: T; lang: Lang }) {
  const me = useMe();
  const reporter = me?.reporter ?? null;
  const cellParam = new URLSearchParams(location.search).get('cell');
  const [categories, setCategories] = useState<Category[] | null>(null);
  const [cells, setCells] = useState<GeoFeature[]>([]);
  const [loadError, setLoadError] = useState<string | null>(null);
  const [category, setCategory] = useState<string | null>(null);
  const [place, setPlace] = useState<Place>(NO_PLACE);
  const [description, setDescription] = useState('');
  const [urgent, setUrgent] = useState(false);
  const [photos, setPhotos] = useState<Blob[]>([]);
  const [errors, setErrors] = useState<FieldErrors<'category' | 'description' | 'place' | 'photos'>>({});
  const [busy, setBusy] = useState(false);
  const [sendError, setSendError] = useState<string | null>(null);
  const [done, setDone] = useState<null | { queued: boolean; receipt?: string }>(null);

  useEffect(() => {
    fetchCategories().then(setCategories, (err) => setLoadError(messageOf(err)));
    fetchHealth().then((h) => fetchGrid(h.geo.grid), () => fetchGrid()).then((g) => setCells(g.features), () => undefined);
  }, []);

  // The cell of the poster (or the reporter's own) is where the report is, until the GPS or a tap says otherwise.
  const startCell = cellParam ?? reporter?.gridId ?? null;
  useEffect(() => {
    const cell = cells.find((c) => c.id === startCell);
    if (cell) setPlace((p) => (p.gridId ? p : { ...NO_PLACE, gridId: cell.id, gridName: cell.properties.name }));
  }, [cells, startCell]);
  const villageCode = reporter?.villageCode ?? cells.find((c) => c.id === startCell)?.properties.villageCode ?? null;

  const send = async () => {
    const e = validateReport({ category, description, gridId: place.gridId, location: place.location, photos: photos.length });
    setErrors(e);
    if (!isValid(e)) return;
    const cat = categories?.find((c) => c.code === category);
    const where = { ...(place.gridId ? { gridId: place.gridId } : {}), ...(place.location ? { location: place.location } : {}) };
    const label = (lang === 'en' ? cat?.nameEn : cat?.name) ?? category!;
    setBusy(true);
    setSendError(null);
    try {
      const blobs = photos.map((blob) => ({ slot: -1, blob }));
      const answer = reporter
        ? await submit('ticket', {
          category, title: cat?.name ?? category, description: description.trim(), channel: reporter.staffRole, reporterRole: reporter.staffRole,
          ...(urgent ? { urgent } : {}), ...where,
        }, blobs, label)
        : await submit('public', { category, description: description.trim(), ...(urgent ? { urgent } : {}), ...where }, blobs, label);
      const receipt = (answer as Filed | null)?.receipt;
      if (receipt) keepReceipt(receipt);
      setDone({ queued: answer === null, receipt });
    } catch (err) {
      setSendError(messageOf(err));
    } finally {
      setBusy(false);
    }
  };

  if (done) {
    return (
      <section className="page" data-testid="report-done" data-queued={done.queued}>
        <p className="done">{done.queued ? t('queued') : t('sent')}</p>
        {done.receipt && (
          <p className="receipt">
            {t('receipt')}: <strong data-testid="receipt">{done.receipt}</strong><br />
            <Link to={`/m/track/${done.receipt}`} className="btn btn-wide">{t('trackIt')}</Link>
          </p>
        )}
        <button type="button" className="btn btn-wide btn-primary" onClick={() => {
          setDone(null); setCategory(null); setDescription(''); setUrgent(false); setPhotos([]); setErrors({});
        }}>{t('newReport')}</button>
      </section>
    );
  }

  return (
    <section className="page" data-testid="report-page">
      <h1>{t('report')}</h1>
      <ErrorBox message={loadError && `${t('loadFailed')} (${loadError})`} />
      <fieldset className={`field${errors.category ? ' field-bad' : ''}`}>
        <legend className="field-label">{t('category')}</legend>
        <div className="category-grid">
          {(categories ?? []).map((c) => (
            <button key={c.code} type="button" className={`cat${c.code === category ? ' cat-on' : ''}`} aria-pressed={c.code === category}
              data-category={c.code} onClick={() => setCategory(c.code)}>
              {lang === 'en' ? c.nameEn : c.name}
            </button>
          ))}
        </div>
        {!categories && !loadError && <p className="hint">{t('loading')}</p>}
        {errors.category && <span className="field-error" role="alert">{t(errors.category)}</span>}
      </fieldset>
      <fieldset className={`field${errors.place ? ' field-bad' : ''}`}>
        <legend className="field-label">{t('place')}</legend>
        <PlacePicker cells={cells} villageCode={villageCode} place={place} onPlace={setPlace} t={t} />
        {errors.place && <span className="field-error" role="alert">{t(errors.place)}</span>}
      </fieldset>
      <Field label={t('description')} error={errors.description} t={t}>
        <textarea rows={4} value={description} placeholder={t('descriptionHint')} maxLength={4000}
          onChange={(e) => setDescription(e.currentTarget.value)} data-testid="description" />
      </Field>
      <label className="check">
        <input type="checkbox" checked={urgent} onChange={(e) => setUrgent(e.currentTarget.checked)} data-testid="urgent" />
        <span>{t('urgent')}</span>
      </label>
      <fieldset className={`field${errors.photos ? ' field-bad' : ''}`}>
        <legend className="field-label">{t('photos')}</legend>
        <PhotoInput photos={photos} onPhotos={setPhotos} t={t} />
        {errors.photos && <span className="field-error" role="alert">{t(errors.photos)}</span>}
      </fieldset>
      <ErrorBox message={sendError} />
      <button type="button" className="btn btn-wide btn-primary" disabled={busy} onClick={() => void send()} data-testid="submit-report">
        {busy ? t('sending') : t('submit')}
      </button>
    </section>
  );
}
