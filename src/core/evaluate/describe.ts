import type { AgentRef } from '../identity/types.js';

/** Words shared by every sentence the evaluation writes, so they read the same everywhere. */

export function shortSha(sha: string): string {
  return sha.slice(0, 7);
}

export function plural(count: number, singular: string, pluralForm = `${singular}s`): string {
  return `${count} ${count === 1 ? singular : pluralForm}`;
}

/** `A`, `A and B`, `A, B and C`. */
export function joinWords(words: readonly string[]): string {
  if (words.length <= 1) return words[0] ?? '';
  return `${words.slice(0, -1).join(', ')} and ${words[words.length - 1]}`;
}

export function agentNames(agents: readonly AgentRef[]): string {
  return joinWords(agents.map((agent) => agent.name));
}

/** At most `limit` items, then `and N more` (of `total`): keeps sentences short on 10,000-commit PRs. */
export function listSome(items: readonly string[], limit = 5, total = items.length): string {
  if (total <= limit) return joinWords(items.slice(0, limit));
  return `${items.slice(0, limit).join(', ')} and ${total - limit} more`;
}

/**
 * Agents are the same when their ids are; the synthetic `unknown-bot` entry is one per
 * account, so its name (which carries the login) tells two unknown bots apart.
 */
export function agentKey(agent: AgentRef): string {
  return agent.id === 'unknown-bot' ? `${agent.id}\u0000${agent.name}` : agent.id;
}

const MAX_LABEL_ID = 40;

/**
 * What an agent's provenance label names: its id, or for a bot missing from the catalogue its
 * login, sanitised to what a label should hold (`agent:shiny-bot`, not `agent:unknown-bot`).
 */
export function labelIdOf(agent: AgentRef): string {
  if (agent.id !== 'unknown-bot' || agent.login === undefined) return agent.id;
  const slug = agent.login
    .toLowerCase()
    .replace(/[^a-z0-9-]+/g, '-')
    .replace(/^-+/, '')
    .slice(0, MAX_LABEL_ID)
    .replace(/-+$/, '');
  return slug.length > 0 ? slug : agent.id;
}
