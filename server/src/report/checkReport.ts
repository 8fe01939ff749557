// `alembic-lint check` output: text for people, JSON for scripts, SARIF 2.1.0 for code-scanning UIs.
import * as path from 'node:path';
import type { Finding } from '../engine/model';
import { RULES } from '../engine/rules/registry';

/** A finding as `alembic-lint check --format json` prints it: 1-based lines and columns. */
export interface FindingRecord {
  rule: string;
  severity: 'error' | 'warning' | 'info';
  file: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
  message: string;
}

export interface CheckSummary {
  files: number;
  revisions: number;
  errors: number;
  warnings: number;
  infos: number;
}

export function summarize(findings: Finding[], files: number, revisions: number): CheckSummary {
  const count = (severity: Finding['severity']) => findings.filter((finding) => finding.severity === severity).length;
  return { files, revisions, errors: count('error'), warnings: count('warning'), infos: count('info') };
}

export const relative = (cwd: string, file: string) => path.relative(cwd, file) || file;

export function sortFindings(findings: Finding[]): Finding[] {
  return [...findings].sort((a, b) =>
    a.file < b.file ? -1 : a.file > b.file ? 1 : a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character,
  );
}

/** `file:line:column: severity message [rule]`, as `check` prints it. */
export function findingLine(record: FindingRecord): string {
  return `${record.file}:${record.line}:${record.column}: ${record.severity} ${record.message} [${record.rule}]`;
}

/** A finding as JSON shows it: 1-based lines and columns, the path as `displayPath` gives it. */
export function findingRecord(finding: Finding, displayPath: (file: string) => string): FindingRecord {
  return {
    rule: finding.rule,
    severity: finding.severity,
    file: displayPath(finding.file),
    line: finding.range.start.line + 1,
    column: finding.range.start.character + 1,
    endLine: finding.range.end.line + 1,
    endColumn: finding.range.end.character + 1,
    message: finding.message,
  };
}

export function formatCheckText(findings: Finding[], summary: CheckSummary, cwd: string): string {
  const lines = sortFindings(findings).map((finding) => findingLine(findingRecord(finding, (file) => relative(cwd, file))));
  const plural = (n: number, word: string) => `${n} ${word}${n === 1 ? '' : 's'}`;
  lines.push(
    `${plural(summary.errors, 'error')}, ${plural(summary.warnings, 'warning')}, ${plural(summary.infos, 'info')} in ${plural(summary.files, 'file')} (${plural(summary.revisions, 'revision')}).`,
  );
  return lines.join('\n') + '\n';
}

export function formatCheckJson(findings: Finding[], summary: CheckSummary, cwd: string): string {
  return (
    JSON.stringify(
      {
        findings: sortFindings(findings).map((finding) => findingRecord(finding, (file) => relative(cwd, file))),
        summary,
      },
      null,
      2,
    ) + '\n'
  );
}

const SARIF_LEVEL = { error: 'error', warning: 'warning', info: 'note' } as const;

export function formatCheckSarif(findings: Finding[], cwd: string, version: string, docsUrl: (rule: string) => string): string {
  const sarif = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'alembic-lint',
            version,
            informationUri: docsUrl(''),
            rules: RULES.map((rule) => ({
              id: rule.id,
              shortDescription: { text: rule.summary },
              helpUri: docsUrl(rule.id),
              defaultConfiguration: { level: SARIF_LEVEL[rule.defaultSeverity] },
            })),
          },
        },
        originalUriBaseIds: { SRCROOT: { uri: `${new URL(`file://${cwd.endsWith('/') ? cwd : cwd + '/'}`).href}` } },
        results: sortFindings(findings).map((finding) => ({
          ruleId: finding.rule,
          ruleIndex: Math.max(
            0,
            RULES.findIndex((rule) => rule.id === finding.rule),
          ),
          level: SARIF_LEVEL[finding.severity],
          message: { text: finding.message },
          locations: [
            {
              physicalLocation: {
                artifactLocation: { uri: relative(cwd, finding.file).split(path.sep).map(encodeURIComponent).join('/'), uriBaseId: 'SRCROOT' },
                region: {
                  startLine: finding.range.start.line + 1,
                  startColumn: finding.range.start.character + 1,
                  endLine: finding.range.end.line + 1,
                  endColumn: finding.range.end.character + 1,
                },
              },
            },
          ],
        })),
      },
    ],
  };
  return JSON.stringify(sarif, null, 2) + '\n';
}
