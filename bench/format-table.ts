import type { MetricRow } from './metric-rows.ts';

/** A plain-text table for the terminal; notes go under it, numbered, so the columns stay readable. */
export function formatTable(rows: MetricRow[]): string {
  const header = ['Metric', 'Direct', 'Gateway', 'Result', '÷ ref. proxy', 'Floor', 'Verdict'];
  const cells = rows.map((row, index) => [
    `${index + 1}. ${row.metric}`,
    row.direct,
    row.gateway,
    row.result,
    row.ratio !== undefined
      ? ratio(row.ratio, 1)
      : row.reference === undefined
        ? ''
        : ratio(row.value, row.reference),
    row.floor?.text ?? '',
    row.verdict,
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (values: string[]) =>
    values
      .map((value, column) => value.padEnd(widths[column]!))
      .join(' | ')
      .trimEnd();
  const notes = rows.flatMap((row, index) => (row.note ? [`  ${index + 1}. ${row.note}`] : []));
  return [
    line(header),
    widths.map((width) => '-'.repeat(width)).join('-|-'),
    ...cells.map(line),
    ...(notes.length > 0 ? ['', 'Notes:', ...notes] : []),
  ].join('\n');
}

/** The row's value over the reference proxy's, e.g. `2.4×`. */
function ratio(value: number, reference: number): string {
  const times = value / reference;
  return Number.isFinite(times) ? `${times.toFixed(times < 10 ? 2 : 1)}×` : 'n/a';
}
