/**
 * Whether `a` and `b` are within `max` edits (insert, delete, substitute, swap two neighbours: optimal string
 * alignment), computed only along the diagonal band `max` wide, so a check costs O(length × max) and gives up early.
 */
export function withinEdits(a: string, b: string, max: number): boolean {
  if (Math.abs(a.length - b.length) > max) return false;
  if (a === b) return true;
  const n = a.length;
  const m = b.length;
  const big = max + 1;
  let prev2 = new Array<number>(m + 1).fill(big);
  let prev = new Array<number>(m + 1);
  for (let j = 0; j <= m; j++) prev[j] = j <= max ? j : big;
  for (let i = 1; i <= n; i++) {
    const row = new Array<number>(m + 1).fill(big);
    row[0] = i <= max ? i : big;
    let rowMin = row[0];
    const from = Math.max(1, i - max);
    const to = Math.min(m, i + max);
    for (let j = from; j <= to; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(prev[j]! + 1, row[j - 1]! + 1, prev[j - 1]! + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, prev2[j - 2]! + 1);
      row[j] = Math.min(d, big);
      if (row[j]! < rowMin) rowMin = row[j]!;
    }
    if (rowMin > max) return false;
    prev2 = prev;
    prev = row;
  }
  return prev[m]! <= max;
}
