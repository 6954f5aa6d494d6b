/** The two looks of a tab row: the wall's title-bar tabs and the drill-down's chips. */
const LOOKS = {
  wall: { list: 'tabs', tab: 'tab', on: 'tab active' },
  drill: { list: 'dtabs', tab: 'dchip', on: 'dchip on' },
} as const;

interface TabListProps<K extends string> {
  keys: readonly K[];
  selected: K;
  label: (key: K) => string;
  onSelect: (key: K) => void;
  look: keyof typeof LOOKS;
  /** Classes beside the look's own, e.g. a placement. */
  className?: string;
  ariaLabel?: string;
}

/** A row of tabs (role tablist), one selected: the one way the wall and the drill-down switch a view. */
export function TabList<K extends string>({ keys, selected, label, onSelect, look, className, ariaLabel }: TabListProps<K>) {
  const c = LOOKS[look];
  return (
    <div className={className ? `${c.list} ${className}` : c.list} role="tablist" aria-label={ariaLabel}>
      {keys.map((k) => (
        <button key={k} type="button" role="tab" aria-selected={k === selected} className={k === selected ? c.on : c.tab} onClick={() => onSelect(k)}>
          {label(k)}
        </button>
      ))}
    </div>
  );
}
