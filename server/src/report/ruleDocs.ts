// Where a rule's documentation lives: docs/rules.md, shipped beside the bundled server and CLI.
// Free of vscode-languageserver, so the CLI bundle stays small.
import * as path from 'node:path';
import { pathToFileURL } from 'node:url';

/** The rule's section of docs/rules.md, shipped beside the bundled server. */
export function ruleDocUrl(rule: string, docsFile = path.join(__dirname, '..', 'docs', 'rules.md')): string {
  return `${pathToFileURL(docsFile).toString()}#${rule}`;
}
