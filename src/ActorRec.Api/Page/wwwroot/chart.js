// A line chart of online HitRate@k (solid) and MRR@k (dashed) per model version over time, drawn as inline SVG.

const SVG = 'http://www.w3.org/2000/svg';
const WIDTH = 720;
const HEIGHT = 300;
const MARGIN = { left: 48, right: 16, top: 16, bottom: 36 };
const COLOURS = ['#2563eb', '#d97706', '#059669', '#dc2626', '#7c3aed', '#0891b2'];

function element(name, attributes, text) {
  const node = document.createElementNS(SVG, name);
  for (const [key, value] of Object.entries(attributes)) {
    node.setAttribute(key, String(value));
  }
  if (text !== undefined) {
    node.textContent = text;
  }
  return node;
}

/** Colour of a version: stable for the page's life, in the order versions first appeared. */
export function colourOf(version, versions) {
  return COLOURS[versions.indexOf(version) % COLOURS.length];
}

/**
 * @param {SVGSVGElement} svg
 * @param {Map<string, Array<{t: number, hitRate: number, mrr: number}>>} series points by version, t in ms since epoch
 * @param {number} k the cutoff, for the legend
 */
export function renderChart(svg, series, k) {
  svg.replaceChildren();
  svg.setAttribute('viewBox', `0 0 ${WIDTH} ${HEIGHT}`);
  const versions = [...series.keys()];
  const points = versions.flatMap(v => series.get(v));
  const plotWidth = WIDTH - MARGIN.left - MARGIN.right;
  const plotHeight = HEIGHT - MARGIN.top - MARGIN.bottom;
  const top = Math.min(1, Math.max(0.1, Math.ceil(Math.max(0, ...points.map(p => p.hitRate)) * 10 + 1) / 10));
  const first = points.length ? Math.min(...points.map(p => p.t)) : Date.now();
  const last = points.length ? Math.max(...points.map(p => p.t)) : first;
  const span = Math.max(last - first, 10_000);
  const x = t => MARGIN.left + (plotWidth * (t - first) / span);
  const y = value => MARGIN.top + plotHeight - (plotHeight * value / top);

  for (let i = 0; i <= 5; i++) {
    const value = top * i / 5;
    svg.append(element('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: y(value), y2: y(value), class: 'grid' }));
    svg.append(element('text', { x: MARGIN.left - 6, y: y(value) + 4, 'text-anchor': 'end', class: 'tick' }, value.toFixed(2)));
  }
  for (let i = 0; i <= 4; i++) {
    const t = first + (span * i / 4);
    const anchor = i === 0 ? 'start' : i === 4 ? 'end' : 'middle';
    svg.append(element('text', { x: x(t), y: HEIGHT - MARGIN.bottom + 16, 'text-anchor': anchor, class: 'tick' }, new Date(t).toLocaleTimeString()));
  }
  svg.append(element('line', { x1: MARGIN.left, x2: MARGIN.left, y1: MARGIN.top, y2: HEIGHT - MARGIN.bottom, class: 'axis' }));
  svg.append(element('line', { x1: MARGIN.left, x2: WIDTH - MARGIN.right, y1: HEIGHT - MARGIN.bottom, y2: HEIGHT - MARGIN.bottom, class: 'axis' }));

  if (points.length === 0) {
    svg.append(element('text', { x: WIDTH / 2, y: HEIGHT / 2, 'text-anchor': 'middle', class: 'empty' }, 'no online events yet: click through a session (a second click scores the first answer)'));
    return;
  }

  for (const version of versions) {
    const colour = colourOf(version, versions);
    for (const [metric, dash] of [['hitRate', ''], ['mrr', '6 4']]) {
      const line = series.get(version).map(p => `${x(p.t).toFixed(1)},${y(p[metric]).toFixed(1)}`).join(' ');
      svg.append(element('polyline', { points: line, fill: 'none', stroke: colour, 'stroke-width': 2, 'stroke-dasharray': dash, class: `series ${metric}`, 'data-version': version }));
      const latest = series.get(version).at(-1);
      svg.append(element('circle', { cx: x(latest.t), cy: y(latest[metric]), r: 3, fill: colour }));
    }
  }

  const legend = element('g', { class: 'legend' });
  versions.forEach((version, i) => {
    const top = MARGIN.top + 4 + (i * 16);
    legend.append(element('line', { x1: MARGIN.left + 10, x2: MARGIN.left + 30, y1: top, y2: top, stroke: colourOf(version, versions), 'stroke-width': 2 }));
    legend.append(element('text', { x: MARGIN.left + 36, y: top + 4, class: 'legend-text' }, `${shortVersion(version)}: HitRate@${k} (solid), MRR@${k} (dashed)`));
  });
  svg.append(legend);
}

export function shortVersion(version) {
  return version.length > 16 ? `${version.slice(0, 16)}…` : version;
}
