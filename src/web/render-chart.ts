import type { RepositoryReport } from '../core/ledger/summarize-ledger.js';
import { type Html, html } from './html.js';

/** Colours that keep 3:1 against both the light and the dark background. */
const PALETTE = ['#0969da', '#bf3989', '#1a7f37', '#bc4c00', '#8250df', '#9a6700', '#cf222e', '#57606a'];

const WEEK_MS = 7 * 86_400_000;
const MAX_WEEKS = 106;

/** Every week from the first to the last (empty ones too, so the axis is time), at most two years. */
function fillWeeks(sorted: readonly string[]): string[] {
  if (sorted.length === 0) return [];
  const last = Date.parse(sorted.at(-1)!);
  const first = Math.max(Date.parse(sorted[0]!), last - (MAX_WEEKS - 1) * WEEK_MS);
  const weeks: string[] = [];
  for (let at = first; at <= last; at += WEEK_MS) weeks.push(new Date(at).toISOString().slice(0, 10));
  return weeks;
}

const WIDTH = 640;
const HEIGHT = 240;
const PAD = { top: 16, right: 12, bottom: 40, left: 36 };

/**
 * Agent-involved merges per week, stacked by agent, as inline SVG: readable without JavaScript,
 * with a title and a description for screen readers and a table of the same numbers beside it.
 */
export function renderWeeklyChart(weekly: RepositoryReport['weekly'], id: string): Html {
  const weeks = fillWeeks([...new Set(weekly.map((w) => w.week))].sort());
  const agents = [...new Set(weekly.map((w) => w.agent))].sort();
  if (weeks.length === 0) return html`<p class="muted">No agent-involved merge in this period.</p>`;
  const merged = weekly.filter((w) => weeks.includes(w.week));
  const totals = weeks.map((week) => weekly.filter((w) => w.week === week).reduce((n, w) => n + w.merges, 0));
  const max = Math.max(...totals);
  const plotW = WIDTH - PAD.left - PAD.right;
  const plotH = HEIGHT - PAD.top - PAD.bottom;
  const slot = plotW / weeks.length;
  const barW = Math.max(4, Math.min(48, slot * 0.7));
  const y = (n: number) => PAD.top + plotH - (n / max) * plotH;
  const bars = weeks.map((week, i) => {
    let stacked = 0;
    const x = PAD.left + i * slot + (slot - barW) / 2;
    return agents.map((agent, a) => {
      const merges = weekly.find((w) => w.week === week && w.agent === agent)?.merges ?? 0;
      if (merges === 0) return '';
      const top = y(stacked + merges);
      const height = y(stacked) - top;
      stacked += merges;
      return html`<rect x="${x.toFixed(1)}" y="${top.toFixed(1)}" width="${barW.toFixed(1)}" height="${height.toFixed(1)}" fill="${PALETTE[a % PALETTE.length]}"><title>${agent}, week of ${week}: ${merges}</title></rect>`;
    });
  });
  const labelEvery = Math.ceil(weeks.length / 8);
  const summary = `${merged.reduce((n, w) => n + w.merges, 0)} agent-involved merges over ${weeks.length} week${weeks.length === 1 ? '' : 's'}, at most ${max} in one week, by ${agents.join(', ')}.`;
  return html`<figure><svg role="img" aria-labelledby="${id}-t ${id}-d" viewBox="0 0 ${WIDTH} ${HEIGHT}" width="100%" style="max-width:${WIDTH}px">
<title id="${id}-t">Agent-involved merges per week, stacked by agent</title><desc id="${id}-d">${summary}</desc>
<line x1="${PAD.left}" y1="${PAD.top + plotH}" x2="${WIDTH - PAD.right}" y2="${PAD.top + plotH}" stroke="currentColor" stroke-opacity="0.4"/>
<text x="${PAD.left - 6}" y="${PAD.top + 4}" text-anchor="end" font-size="11">${max}</text>
<text x="${PAD.left - 6}" y="${PAD.top + plotH}" text-anchor="end" font-size="11">0</text>
${bars}
${weeks.map((week, i) =>
  i % labelEvery === 0
    ? html`<text x="${(PAD.left + i * slot + slot / 2).toFixed(1)}" y="${HEIGHT - PAD.bottom + 16}" text-anchor="middle" font-size="11">${week.slice(5)}</text>`
    : '',
)}
</svg><figcaption>${agents.map(
    (agent, a) =>
      html`<span style="display:inline-block;margin-right:12px"><svg width="10" height="10" aria-hidden="true"><rect width="10" height="10" fill="${PALETTE[a % PALETTE.length]}"/></svg> ${agent}</span>`,
  )}<br><span class="muted">${summary} Weeks start on Monday (UTC).</span></figcaption></figure>`;
}
