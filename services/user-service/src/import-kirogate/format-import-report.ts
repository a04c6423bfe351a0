import { type ImportOutcome, type ImportSection, importSections } from './apply-import.ts';

const labels: Record<ImportSection, string> = {
  users: 'users',
  identities: 'OAuth identities',
  apiKeys: 'API keys (sk-)',
  importKeys: 'import keys (ik-)',
  tokens: 'donated tokens',
  announcements: 'announcements',
  announcementMarks: 'announcement read marks',
  ipBlacklist: 'IP blacklist',
  settings: 'site settings',
};

/** The report printed after an import or a dry run: counts per kind, then what was left out and why. */
export function formatImportReport(outcome: ImportOutcome, notes: readonly string[] = []): string {
  const verb = outcome.dryRun ? 'would add' : 'added';
  const lines = [
    outcome.dryRun ? 'Python KiroGate import: DRY RUN, nothing was written' : 'Python KiroGate import: done',
    ...notes.map((note) => `  ${note}`),
    '',
  ];
  const width = Math.max(...Object.values(labels).map((label) => label.length));
  for (const section of importSections) {
    const { found, added, present } = outcome.counts[section];
    lines.push(
      `  ${labels[section].padEnd(width)}  ${String(found).padStart(5)} found  ${String(added).padStart(5)} ${verb}  ${String(present).padStart(5)} already here`,
    );
  }
  const added = importSections.reduce((sum, section) => sum + outcome.counts[section].added, 0);
  lines.push('');
  if (added === 0) {
    lines.push('Nothing to change: everything the seed holds is already here.');
  }
  if (outcome.skipped.length > 0) {
    lines.push('Skipped:');
    for (const entry of outcome.skipped) {
      lines.push(`  ${entry.what}: ${entry.count} ${entry.count === 1 ? 'row' : 'rows'}: ${entry.reason}`);
    }
  }
  return `${lines.join('\n')}\n`;
}
