import type { Policy } from '../policy/schema.js';
import {
  AI_DISCLOSURE_TRAILERS,
  BUILT_IN_AGENTS,
  BUILT_IN_AUTOMATION,
  CO_AUTHOR_TRAILERS,
  WEB_FLOW,
} from './catalogue.js';
import { buildTextMatcher, type TextMatcher } from './match-text.js';
import { normaliseEmail, normaliseLogin, normaliseText, parseNoreplyEmail } from './normalise.js';
import type { AgentEntry, AgentRef, AutomationEntry, CatalogueAccountType } from './types.js';

/** What a catalogue record makes of an actor. `unknown` is web-flow: it commits on someone's behalf. */
export type CatalogueKind = 'agent' | 'automation' | 'unknown';

export interface CatalogueIdentity {
  readonly kind: CatalogueKind;
  /** Null for web-flow. */
  readonly agent: AgentRef | null;
  readonly origin: 'built-in' | 'policy';
}

export interface AccountRecord extends CatalogueIdentity {
  /** Normalised login (no `[bot]`), or null when only the id is known. */
  readonly login: string | null;
  readonly id: number | null;
  readonly type: CatalogueAccountType | null;
  /** Whether the login was written with `[bot]` (an app); Copilot's `Copilot` is a Bot without it. */
  readonly appLogin: boolean;
}

export interface TrailerRule {
  readonly agent: AgentRef;
  /** Normalised value prefix, or null for "any value". */
  readonly value: string | null;
}

export interface AffixRule {
  readonly text: string;
  readonly agent: AgentRef;
}

/**
 * The catalogue indexed for O(1) lookups, built once per policy. Treat it as opaque outside
 * src/core/identity: the classify* functions are its interface.
 */
export interface Catalogue {
  readonly agents: readonly AgentRef[];
  readonly accountsById: ReadonlyMap<number, AccountRecord>;
  readonly accountsByLogin: ReadonlyMap<string, readonly AccountRecord[]>;
  readonly emails: ReadonlyMap<string, CatalogueIdentity>;
  /** `@domain` → identity (policy only). */
  readonly emailDomains: ReadonlyMap<string, CatalogueIdentity>;
  readonly trailerRules: ReadonlyMap<string, readonly TrailerRule[]>;
  readonly coAuthorTrailers: ReadonlySet<string>;
  readonly disclosureTrailers: ReadonlySet<string>;
  readonly toolNames: ReadonlyMap<string, AgentRef>;
  readonly messageMarkers: TextMatcher<AgentRef>;
  readonly bodyMarkers: TextMatcher<AgentRef>;
  readonly messagePrefixes: readonly AffixRule[];
  readonly nameSuffixes: readonly AffixRule[];
  readonly branchPrefixes: readonly AffixRule[];
  /** Agent id → phrases followed by `@login` naming a requester. */
  readonly requesterPhrases: ReadonlyMap<string, readonly string[]>;
  /** Normalised ids and names of automation (`release-please`, `release please`): never an `ai:` tool. */
  readonly automationNames: ReadonlySet<string>;
  readonly unknownBots: Policy['unknown_bots'];
}

/** Synthetic agent for an AI-disclosure trailer that names no tool we know. */
export const UNNAMED_AI: AgentRef = { id: 'unnamed-ai', name: 'unnamed AI assistant' };

export function buildCatalogue(policy: Policy): Catalogue {
  const b = new CatalogueBuilder();
  b.addAccount({ login: WEB_FLOW.login, id: WEB_FLOW.id, type: 'User' }, web);
  b.addEmail(WEB_FLOW.email, web);
  for (const entry of BUILT_IN_AGENTS) b.addAgent(entry, 'built-in');
  for (const entry of BUILT_IN_AUTOMATION) b.addAutomation(entry, 'built-in');
  for (const def of policy.agents) {
    const known = b.refs.get(def.id);
    b.addAgent(
      {
        id: def.id,
        name: known?.name ?? def.name ?? def.id,
        source: 'policy',
        accounts: [
          ...def.logins.map((login) => ({
            login,
            id: null,
            type: login.toLowerCase().endsWith('[bot]') ? ('Bot' as const) : null,
          })),
          ...def.ids.map((id) => ({ login: null, id, type: null })),
        ],
        emails: def.emails,
        trailers: def.trailers.map((key) => ({ key })),
        toolNames: def.co_author_names,
        footers: def.markers,
        bodyMarkers: def.markers,
        branchPrefixes: def.branch_prefixes,
      },
      'policy',
    );
  }
  b.addAutomation(
    {
      id: 'policy-automation',
      name: 'automation (policy)',
      source: 'policy',
      accounts: [
        ...policy.automation.logins.map((login) => ({ login, id: null, type: null })),
        ...policy.automation.ids.map((id) => ({ login: null, id, type: null })),
      ],
    },
    'policy',
  );
  return b.build(policy.unknown_bots);
}

const web: CatalogueIdentity = { kind: 'unknown', agent: null, origin: 'built-in' };

interface AccountInput {
  readonly login: string | null;
  readonly id: number | null;
  readonly type: CatalogueAccountType | null;
}

class CatalogueBuilder {
  readonly refs = new Map<string, AgentRef>();
  private readonly byId = new Map<number, AccountRecord>();
  private readonly byLogin = new Map<string, AccountRecord[]>();
  private readonly emails = new Map<string, CatalogueIdentity>();
  private readonly domains = new Map<string, CatalogueIdentity>();
  private readonly trailers = new Map<string, TrailerRule[]>();
  private readonly tools = new Map<string, AgentRef>();
  private readonly footers: [string, AgentRef][] = [];
  private readonly body: [string, AgentRef][] = [];
  private readonly prefixes: AffixRule[] = [];
  private readonly suffixes: AffixRule[] = [];
  private readonly branches: AffixRule[] = [];
  private readonly requesters = new Map<string, string[]>();
  private readonly automationNames = new Set<string>();

  addAgent(entry: AgentEntry, origin: CatalogueIdentity['origin']): void {
    const agent = this.refs.get(entry.id) ?? { id: entry.id, name: entry.name };
    this.refs.set(agent.id, agent);
    const identity: CatalogueIdentity = { kind: 'agent', agent, origin };
    for (const account of entry.accounts ?? []) this.addAccountWithAliases(account, identity);
    for (const email of entry.emails ?? []) this.addEmail(email, identity);
    for (const coAuthor of entry.coAuthors ?? []) this.addEmail(coAuthor.email, identity);
    for (const t of entry.trailers ?? []) {
      const key = normaliseText(t.key).trim();
      const rules = this.trailers.get(key) ?? [];
      rules.push({ agent, value: t.value === undefined ? null : normaliseText(t.value).trim() });
      this.trailers.set(key, rules);
    }
    for (const tool of entry.toolNames ?? []) {
      const key = normaliseText(tool).trim();
      if (!this.tools.has(key)) this.tools.set(key, agent);
    }
    for (const footer of entry.footers ?? []) {
      this.footers.push([footer, agent]);
      this.body.push([footer, agent]);
    }
    for (const marker of entry.bodyMarkers ?? []) this.body.push([marker, agent]);
    for (const text of entry.messagePrefixes ?? []) this.prefixes.push({ text: normaliseText(text), agent });
    for (const text of entry.nameSuffixes ?? []) this.suffixes.push({ text: normaliseText(text), agent });
    for (const text of entry.branchPrefixes ?? []) this.branches.push({ text: normaliseText(text), agent });
    if (entry.requesterPhrases && entry.requesterPhrases.length > 0) {
      const phrases = this.requesters.get(agent.id) ?? [];
      phrases.push(...entry.requesterPhrases.map((p) => normaliseText(p)));
      this.requesters.set(agent.id, phrases);
    }
  }

  addAutomation(entry: AutomationEntry, origin: CatalogueIdentity['origin']): void {
    const agent = this.refs.get(entry.id) ?? { id: entry.id, name: entry.name };
    const identity: CatalogueIdentity = { kind: 'automation', agent, origin };
    const name = normaliseText(entry.name).trim();
    for (const key of [normaliseText(entry.id), name, name.replace(/[^a-z0-9.]+/g, '-')]) {
      this.automationNames.add(key);
    }
    for (const account of entry.accounts) this.addAccountWithAliases(account, identity);
    for (const email of entry.emails ?? []) this.addEmail(email, identity);
  }

  private addAccountWithAliases(
    account: AccountInput & { readonly aliases?: readonly string[] },
    identity: CatalogueIdentity,
  ): void {
    this.addAccount(account, identity);
    for (const alias of account.aliases ?? []) this.addAccount({ ...account, login: alias }, identity);
  }

  addAccount(account: AccountInput, identity: CatalogueIdentity): void {
    const login = account.login === null ? null : normaliseLogin(account.login);
    const appLogin = account.login?.toLowerCase().endsWith('[bot]') ?? false;
    const record: AccountRecord = { ...identity, login, id: account.id, type: account.type, appLogin };
    if (account.id !== null && wins(identity, this.byId.get(account.id))) this.byId.set(account.id, record);
    if (account.id === null && login !== null && identity.origin === 'policy') this.claimKnownIds(record);
    if (login !== null && login.length > 0) {
      const records = this.byLogin.get(login) ?? [];
      // An agent record goes first, so a login shared with automation resolves to the agent.
      if (identity.kind === 'agent') records.unshift(record);
      else records.push(record);
      this.byLogin.set(login, records);
    }
  }

  /**
   * A login the policy names is also the known account of that login, by its id: the policy's
   * `renovate[bot]` makes Renovate's app an agent wherever it is seen, not only where GitHub
   * shows no id. `wins` keeps this stricter only (automation or web-flow becomes an agent).
   */
  private claimKnownIds(record: AccountRecord): void {
    for (const known of this.byLogin.get(record.login!) ?? []) {
      if (known.id === null || (record.type !== null && known.type !== null && known.type !== record.type))
        continue;
      if (wins(record, this.byId.get(known.id)))
        this.byId.set(known.id, { ...record, id: known.id, type: known.type });
    }
  }

  addEmail(email: string, identity: CatalogueIdentity): void {
    const key = normaliseEmail(email);
    if (key.startsWith('@')) {
      if (wins(identity, this.domains.get(key.slice(1)))) this.domains.set(key.slice(1), identity);
      return;
    }
    const noreply = parseNoreplyEmail(key);
    if (noreply !== null) {
      // Resolved by id (or, for the id-less form, by login): index it as an account instead.
      const type = noreply.isBotLogin ? 'Bot' : null;
      const login = noreply.id === null ? `${noreply.login}${noreply.isBotLogin ? '[bot]' : ''}` : null;
      this.addAccount({ login, id: noreply.id, type }, identity);
      return;
    }
    if (wins(identity, this.emails.get(key))) this.emails.set(key, identity);
  }

  build(unknownBots: Policy['unknown_bots']): Catalogue {
    return {
      agents: [...this.refs.values()],
      accountsById: this.byId,
      accountsByLogin: this.byLogin,
      emails: this.emails,
      emailDomains: this.domains,
      trailerRules: this.trailers,
      coAuthorTrailers: new Set(CO_AUTHOR_TRAILERS.map((k) => normaliseText(k))),
      disclosureTrailers: new Set(AI_DISCLOSURE_TRAILERS.map((k) => normaliseText(k))),
      toolNames: this.tools,
      messageMarkers: buildTextMatcher(this.footers),
      bodyMarkers: buildTextMatcher(this.body),
      messagePrefixes: this.prefixes,
      nameSuffixes: this.suffixes,
      branchPrefixes: this.branches,
      requesterPhrases: this.requesters,
      automationNames: this.automationNames,
      unknownBots,
    };
  }
}

/**
 * Whether `next` may replace `current` for the same id or email. Configuration may only make
 * the guarantee stricter: an agent is never downgraded to automation, and built-ins keep
 * their identity against a policy entry of the same kind.
 */
function wins(next: CatalogueIdentity, current: CatalogueIdentity | undefined): boolean {
  if (current === undefined) return true;
  if (current.kind === 'unknown') return next.kind === 'agent';
  return current.kind === 'automation' && next.kind === 'agent';
}
