// A dependency-free horizontal bar chart (SVG) of ratios to the raw baseline.
//
// renderChart({ title, series: [{ key, label, color, optional? }], bars: [{ label, target?, values: { [key]: number } }] })
// A series marked optional draws nothing where it has no value (others say "not measured").
// The axis stops at a round value near the bulk of the ratios; a longer bar is cut there,
// drawn with a break mark, and labelled with its value.

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

export function renderChart({ title, series, bars }) {
  const labelW = 260;
  const plotW = 520;
  const rightPad = 70;
  const barH = 16;
  const gap = 4;
  const groupPad = 14;
  const top = 74;
  const groupH = series.length * (barH + gap) - gap + groupPad * 2;
  const height = top + bars.length * groupH + 56;
  const width = labelW + plotW + rightPad;

  const finite = (x) => typeof x === 'number' && Number.isFinite(x);
  // Scale to the bulk of the values (ignore the highest few), so 1.1× vs 1.5× stays visible.
  const all = bars.flatMap((b) => [...series.map((s) => b.values[s.key]).filter(finite), b.target ?? 0]).sort((a, b) => a - b);
  const bulk = all[Math.max(0, Math.floor(all.length * 0.85) - 1)] ?? 2;
  const nice = [2, 2.5, 3, 4, 5, 6, 8, 10, 15, 20, 30, 40, 50, 100];
  const xMax = nice.find((n) => n >= Math.max(2, bulk) * 1.15) ?? Math.ceil(bulk);
  const x = (v) => labelW + (v / xMax) * plotW;
  const step = xMax <= 4 ? 0.5 : xMax <= 10 ? 1 : xMax <= 20 ? 2 : xMax <= 50 ? 5 : 10;

  const out = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="DejaVu Sans, Helvetica, Arial, sans-serif" font-size="12">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="#ffffff"/>`);
  out.push(`<text x="${width / 2}" y="22" text-anchor="middle" font-size="14" font-weight="bold">${esc(title)}</text>`);

  // Legend, wrapped to the width (about 7 px per character at this size).
  const items = [
    ...series.map((s) => ({ w: 24 + s.label.length * 7, draw: (lx, ly) => [
      `<rect x="${lx}" y="${ly - 10}" width="12" height="12" fill="${s.color}"/>`,
      `<text x="${lx + 16}" y="${ly}">${esc(s.label)}</text>`,
    ] })),
    { w: 80, draw: (lx, ly) => [
      `<line x1="${lx}" y1="${ly - 4}" x2="${lx + 18}" y2="${ly - 4}" stroke="#dc2626" stroke-width="2" stroke-dasharray="4 3"/>`,
      `<text x="${lx + 22}" y="${ly}">target</text>`,
    ] },
  ];
  let lx = 20;
  let ly = 44;
  for (const item of items) {
    if (lx + item.w > width - 10) {
      lx = 20;
      ly += 18;
    }
    out.push(...item.draw(lx, ly));
    lx += item.w;
  }

  const plotBottom = top + bars.length * groupH;
  // Grid and axis
  for (let v = 0; v <= xMax + 1e-9; v += step) {
    const gx = x(v);
    out.push(`<line x1="${gx}" y1="${top}" x2="${gx}" y2="${plotBottom}" stroke="${v === 0 ? '#374151' : '#e5e7eb'}"/>`);
    out.push(`<text x="${gx}" y="${plotBottom + 16}" text-anchor="middle" fill="#374151">${+v.toFixed(2)}×</text>`);
  }
  out.push(`<line x1="${x(1)}" y1="${top - 4}" x2="${x(1)}" y2="${plotBottom}" stroke="#111827" stroke-width="1.5"/>`);
  out.push(`<text x="${x(1)}" y="${plotBottom + 32}" text-anchor="middle" fill="#111827">raw baseline = 1×</text>`);

  bars.forEach((b, gi) => {
    const gy = top + gi * groupH;
    if (gi % 2 === 1) out.push(`<rect x="0" y="${gy}" width="${labelW - 6}" height="${groupH}" fill="#f9fafb"/>`);
    out.push(`<text x="${labelW - 10}" y="${gy + groupH / 2 + 4}" text-anchor="end">${esc(b.label)}</text>`);
    series.forEach((s, si) => {
      const v = b.values[s.key];
      const by = gy + groupPad + si * (barH + gap);
      if (!finite(v)) {
        if (!s.optional) out.push(`<text x="${labelW + 4}" y="${by + barH - 4}" fill="#6b7280">not measured</text>`);
        return;
      }
      const end = x(Math.min(v, xMax));
      out.push(`<rect x="${labelW}" y="${by}" width="${Math.max(1, end - labelW)}" height="${barH}" fill="${s.color}"/>`);
      if (v > xMax) {
        // Break mark: the bar goes on beyond the axis.
        out.push(`<path d="M${end - 14} ${by - 1} l6 ${barH + 2} M${end - 8} ${by - 1} l6 ${barH + 2}" stroke="#ffffff" stroke-width="3"/>`);
        out.push(`<text x="${end - 20}" y="${by + barH - 4}" text-anchor="end" fill="#ffffff" font-weight="bold">${v.toFixed(2)}× →</text>`);
      } else {
        out.push(`<text x="${end + 4}" y="${by + barH - 4}">${v.toFixed(2)}×</text>`);
      }
    });
    if (finite(b.target)) {
      const tx = x(b.target);
      out.push(
        `<line x1="${tx}" y1="${gy + 4}" x2="${tx}" y2="${gy + groupH - 4}" stroke="#dc2626" stroke-width="2" stroke-dasharray="4 3"/>`,
      );
    }
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}
