/** What a phone user would notice on a drill page, measured in the page (runs in the browser: no imports, no closures). */
export interface PhoneAudit {
  viewportWidth: number;
  /** The document's and every scroll box's content width beyond its own, in px (0: nothing to scroll sideways). */
  sideways: { what: string; overflow: number }[];
  header: { height: number; titleLines: number } | null;
  /** Visible tappable things smaller than the minimum in either dimension. */
  small: { what: string; width: number; height: number }[];
  tappables: number;
}

/**
 * Measures the page as laid out now. Tappable: links, buttons, inputs, selects, text areas and tabs that are rendered
 * (a closed menu's items are not). Scroll boxes: the document, the drill's main area and every panel body.
 */
export function auditPhonePage(minTarget: number): PhoneAudit {
  // Elements to name in the answer; named at the end by one anonymous arrow (a named helper would not survive the
  // transpiler's name-keeping wrapper once serialised into the page).
  const overflowing: [Element, number][] = [];
  const doc = document.documentElement;
  const docOverflow = doc.scrollWidth - window.innerWidth;
  for (const box of document.querySelectorAll('.drill, .drill-main, .dpanel-body, .dlogin')) {
    // One pixel of rounding is not a scroll anyone can see.
    if (box.scrollWidth > box.clientWidth + 1) overflowing.push([box, box.scrollWidth - box.clientWidth]);
  }

  let header: PhoneAudit['header'] = null;
  const head = document.querySelector('.dheader');
  const title = document.querySelector('.dheader-title');
  if (head && title) {
    const range = document.createRange();
    range.selectNodeContents(title);
    const tops = new Set(Array.from(range.getClientRects(), (r) => Math.round(r.top)));
    header = { height: head.getBoundingClientRect().height, titleLines: tops.size };
  }

  const tooSmall: [Element, DOMRect][] = [];
  let tappables = 0;
  for (const el of document.querySelectorAll('.drill a[href], .drill button, .drill input, .drill select, .drill textarea, .drill [role="tab"]')) {
    const r = el.getBoundingClientRect();
    if (r.width === 0 || r.height === 0 || getComputedStyle(el).visibility === 'hidden') continue;
    tappables++;
    // Half a pixel of subpixel layout is not a smaller target.
    if (r.width < minTarget - 0.5 || r.height < minTarget - 0.5) tooSmall.push([el, r]);
  }

  const named = [...overflowing.map(([el]) => el), ...tooSmall.map(([el]) => el)].map((el) => {
    const id = el.getAttribute('data-testid');
    const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
    return `${el.tagName.toLowerCase()}${id ? `[${id}]` : ''}${cls} "${(el.textContent ?? '').trim().slice(0, 24)}"`;
  });
  const sideways = overflowing.map(([, overflow], i) => ({ what: named[i], overflow }));
  if (docOverflow > 0) sideways.unshift({ what: 'document', overflow: docOverflow });
  const small = tooSmall.map(([, r], i) => ({ what: named[overflowing.length + i], width: Math.round(r.width), height: Math.round(r.height) }));
  return { viewportWidth: window.innerWidth, sideways, header, small, tappables };
}
