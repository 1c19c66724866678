import { BUILT_IN_AGENTS, BUILT_IN_AUTOMATION } from './catalogue.js';
import type { AgentEntry, CatalogueAccount } from './types.js';

/**
 * The catalogue as markdown tables for docs/detection.md, generated from the data so the
 * documentation lists exactly what the code detects (`npm run schemas` writes it; a test
 * fails when the committed page is stale).
 */
export function renderCatalogueReference(): string {
  const agents = BUILT_IN_AGENTS.map((agent) => [
    `\`${agent.id}\``,
    agent.name,
    renderAccounts(agent.accounts ?? []),
    renderSignals(agent),
    escapeCell(agent.source),
  ]);
  const automation = BUILT_IN_AUTOMATION.map((entry) => [
    `\`${entry.id}\``,
    entry.name,
    renderAccounts(entry.accounts),
    (entry.emails ?? []).map(code).join(', ') || '—',
    escapeCell(entry.source),
  ]);
  return [
    `### Agents (${BUILT_IN_AGENTS.length})`,
    '',
    table(['Id (label)', 'Name', 'Accounts (numeric id)', 'Other signals', 'Source'], agents),
    '',
    `### Automation (${BUILT_IN_AUTOMATION.length})`,
    '',
    table(['Id', 'Name', 'Accounts (numeric id)', 'Emails', 'Source'], automation),
  ].join('\n');
}

function renderAccounts(accounts: readonly CatalogueAccount[]): string {
  if (accounts.length === 0) return '—';
  return accounts
    .map((account) => {
      const login = account.login === null ? 'noreply id' : code(account.login);
      return account.id === null ? login : `${login} (${account.id})`;
    })
    .join(', ');
}

function renderSignals(agent: AgentEntry): string {
  const parts = [
    list('emails', agent.emails),
    list(
      'co-authors',
      agent.coAuthors?.map((c) => c.email),
    ),
    list(
      'trailers',
      agent.trailers?.map((t) => t.key),
    ),
    list('footers', agent.footers),
    list('message prefixes', agent.messagePrefixes),
    list('name suffixes', agent.nameSuffixes),
    list('PR body', agent.bodyMarkers),
    list('branches', agent.branchPrefixes),
    list('requester phrases', agent.requesterPhrases),
  ].filter((part) => part !== '');
  return parts.join('; ') || '—';
}

function list(label: string, values: readonly string[] | undefined): string {
  const unique = [...new Set(values ?? [])];
  return unique.length === 0 ? '' : `${label}: ${unique.map(code).join(', ')}`;
}

/** Inline code that survives a table cell: no pipes, no backticks, no newlines. */
function code(text: string): string {
  return `\`${text.replace(/`/g, "'").replace(/\|/g, '\\|').replace(/\s+/g, ' ')}\``;
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|').replace(/\s+/g, ' ');
}

function table(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...rows.map((row) => `| ${row.join(' | ')} |`),
  ].join('\n');
}
