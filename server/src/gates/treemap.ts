/** A squarified treemap layout, for the cost report's picture of tokens by file and section. */

export interface Rect {
  readonly x: number;
  readonly y: number;
  readonly w: number;
  readonly h: number;
}

/**
 * Squarified treemap layout (Bruls, Huizing, van Wijk 2000): rectangles with areas proportional to
 * the values, rows laid along the shorter side so that aspect ratios stay close to 1. Items with no
 * positive value get no rectangle. Output in descending value order.
 */
export function squarify<T>(items: readonly T[], value: (item: T) => number, rect: Rect): { item: T; rect: Rect }[] {
  const list = items.map((item) => ({ item, v: value(item) })).filter((e) => e.v > 0 && Number.isFinite(e.v)).sort((a, b) => b.v - a.v);
  const total = list.reduce((s, e) => s + e.v, 0);
  if (!total || rect.w <= 0 || rect.h <= 0) return [];
  const scale = (rect.w * rect.h) / total;
  const areas = list.map((e) => ({ item: e.item, a: e.v * scale }));
  const out: { item: T; rect: Rect }[] = [];
  let free = { ...rect };
  let row: typeof areas = [];

  const worst = (r: typeof areas, side: number) => {
    if (!r.length) return Infinity;
    const s = r.reduce((acc, e) => acc + e.a, 0);
    const max = Math.max(...r.map((e) => e.a));
    const min = Math.min(...r.map((e) => e.a));
    return Math.max((side * side * max) / (s * s), (s * s) / (side * side * min));
  };
  const place = (r: typeof areas) => {
    const s = r.reduce((acc, e) => acc + e.a, 0);
    if (free.w >= free.h) {
      // A column at the left edge, as wide as the row's area needs over the full height.
      const w = Math.min(free.w, s / free.h);
      let y = free.y;
      r.forEach((e, i) => {
        const h = i === r.length - 1 ? free.y + free.h - y : e.a / w;
        out.push({ item: e.item, rect: { x: free.x, y, w, h } });
        y += h;
      });
      free = { x: free.x + w, y: free.y, w: free.w - w, h: free.h };
    } else {
      const h = Math.min(free.h, s / free.w);
      let x = free.x;
      r.forEach((e, i) => {
        const w = i === r.length - 1 ? free.x + free.w - x : e.a / h;
        out.push({ item: e.item, rect: { x, y: free.y, w, h } });
        x += w;
      });
      free = { x: free.x, y: free.y + h, w: free.w, h: free.h - h };
    }
  };

  for (const e of areas) {
    const side = Math.min(free.w, free.h);
    if (!row.length || worst([...row, e], side) <= worst(row, side)) {
      row.push(e);
    } else {
      place(row);
      row = [e];
    }
  }
  if (row.length) place(row);
  return out;
}
