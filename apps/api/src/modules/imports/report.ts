import type { ImportReport } from '@medicare/contracts';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');

/** The report for people: counts by table, reasons by table, then the findings (ids and reasons, no PHI). */
export function reportMarkdown(report: ImportReport): string {
  const lines = [
    `# Import ${report.dryRun ? '(dry run) ' : ''}from ${cell(report.source)}`,
    '',
    `Run ${report.runId}, ${report.startedAt} – ${report.finishedAt}.` +
      (report.complete ? '' : ' **Stopped early: run the same command again to resume.**'),
    '',
    '| table | read | imported | updated | skipped | rejected |',
    '| --- | ---: | ---: | ---: | ---: | ---: |',
    ...Object.entries(report.tables).map(
      ([t, c]) => `| ${t} | ${c.read} | ${c.imported} | ${c.updated} | ${c.skipped} | ${c.rejected} |`,
    ),
    '',
  ];
  for (const [table, counts] of Object.entries(report.tables)) {
    const reasons = Object.entries(counts.reasons).sort((a, b) => b[1] - a[1]);
    if (reasons.length === 0) continue;
    lines.push(`## ${table}: by reason`, '', '| reason | rows |', '| --- | ---: |');
    for (const [reason, n] of reasons) lines.push(`| ${cell(reason)} | ${n} |`);
    lines.push('');
  }
  if (report.findings.length > 0) {
    lines.push(
      '## Findings',
      '',
      '| table | source id | kind | reason | related |',
      '| --- | --- | --- | --- | --- |',
    );
    for (const f of report.findings) {
      const problems = f.problems.map((p) => `${p.field} ${p.message}`).join('; ');
      lines.push(
        `| ${f.table} | ${cell(f.sourceId)} | ${f.kind} | ${cell(problems || f.reason)} | ${cell(f.related.join(', '))} |`,
      );
    }
    if (report.findingsOmitted > 0) lines.push('', `… and ${report.findingsOmitted} more (counted above).`);
    lines.push('');
  }
  return lines.join('\n');
}
