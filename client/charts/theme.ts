/**
 * Colours and faces shared by the CSS (styles/wall.css mirrors these) and the chart options, which draw on canvas and
 * cannot read CSS variables.
 */
export const COLORS = {
  background: '#020b1a',
  panel: '#061e3a',
  line: '#1f6fa8',
  accent: '#3de0ff',
  accentSoft: 'rgba(61, 224, 255, 0.14)',
  teal: '#2cf5c4',
  text: '#cfe9ff',
  muted: '#6f93b8',
  warn: '#ffb547',
  bad: '#ff5d5d',
} as const;

/** The bundled faces first; the system CJK fonts are only a fallback if a glyph is missing from the subset. */
export const TEXT_FONT = "'Noto Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif";
export const NUMBER_FONT = "'Orbitron', 'Noto Sans SC', monospace";

/** Low to high: quiet cells stay dark navy so the hot ones glow. */
export const TICKET_RAMP = ['#0a2a4a', '#0d5c8a', '#14a8c8', '#3de0ff', '#ffd166', '#ff7a45', '#ff3b3b'];
export const HOUSEHOLD_RAMP = ['#0a2446', '#0e3d6e', '#135d96', '#1b86b8', '#2cb5d6', '#5fe3f0'];
