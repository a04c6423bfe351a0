import type { FaultRow } from './run-chaos.ts';

/** Handled: nothing unexpected reached a caller and every request has exactly one usage record. */
export function faultHandled(row: FaultRow): boolean {
  return row.unexpected5xx + row.unexpectedOther + row.streamsCut === 0 && row.usageRecords === row.sent;
}

/** A Markdown table (it goes into README as printed), failure samples listed under it. */
export function formatChaosTable(rows: readonly FaultRow[]): string {
  const header = [
    'Fault',
    'Sent',
    'Succeeded',
    'Expected errors',
    'Unexpected 5xx',
    'Other unexpected',
    'Streams cut',
    'Rerouted',
    'Recovery (s)',
    'Usage records',
    'Verdict',
  ];
  const cells = rows.map((row) => [
    row.fault,
    String(row.sent),
    String(row.succeeded),
    String(row.expectedErrors),
    String(row.unexpected5xx),
    String(row.unexpectedOther),
    String(row.streamsCut),
    String(row.rerouted),
    (row.recoveryMs / 1000).toFixed(1),
    `${row.usageRecords} / ${row.sent}`,
    faultHandled(row) ? 'PASS' : 'FAIL',
  ]);
  const widths = header.map((title, column) =>
    Math.max(title.length, ...cells.map((cell) => cell[column]!.length)),
  );
  const line = (values: string[]) =>
    `| ${values.map((value, column) => value.padEnd(widths[column]!)).join(' | ')} |`;
  const samples = rows.flatMap((row) => row.samples.map((sample) => `- ${row.fault}: ${sample}`));
  return [
    line(header),
    `|${widths.map((width) => '-'.repeat(width + 2)).join('|')}|`,
    ...cells.map(line),
    ...(samples.length > 0 ? ['', 'What failed (first distinct answers per fault):', ...samples] : []),
  ].join('\n');
}
