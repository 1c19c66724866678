import { type Account, History } from '../snapshot.js';
import { type Fact, type FactOf, headRefOf } from './facts.js';

/** What identifies the pull request whose history is derived. */
export interface HistoryTarget {
  readonly number: number;
  /** The head branch now; earlier head branches are learnt from the facts. */
  readonly headRef: string;
  /** The PR's commits as GitHub shows them now. */
  readonly commitShas: readonly string[];
  /**
   * When GitHub says the PR was opened: pushes to its head branch since then are its own even
   * when the ledger lost the `opened` delivery (and the push left none of the PR's commits).
   */
  readonly openedAt?: string | null;
}

/** Who a body revision names as having requested the work, and from which agent. */
export type ReadRequesters = (body: string) => readonly { readonly login: string; readonly agent: string }[];

const ZERO_SHA = /^0+$/;

/**
 * The PR's history as the snapshot carries it, from every fact the ledger holds for the PR and
 * for its head branch. Facts only ever add: a force-push, an unassignment or a body edit never
 * removes anyone. A push to the head branch counts while the branch carried the PR's commits:
 * it left a head the PR had, introduced one of its commits, or happened while the PR was open
 * with that head. The `opened` sender is the opener, never a pusher.
 */
export function deriveHistory(
  facts: Iterable<Fact>,
  target: HistoryTarget,
  readRequesters: ReadRequesters = () => [],
): History {
  const mine: Fact[] = [];
  const branchPushes: Extract<Fact, { kind: 'push' }>[] = [];
  const headRefs = new Set([target.headRef]);
  const shas = new Set(target.commitShas);
  for (const fact of facts) {
    if (fact.pr === target.number) {
      mine.push(fact);
      const ref = fact.kind === 'push' ? null : headRefOf(fact);
      if (ref !== null) headRefs.add(ref);
      if (fact.kind === 'synchronize') shas.add(fact.after);
      if (fact.kind === 'pr-opened' || fact.kind === 'pr-reopened') shas.add(fact.headSha);
    } else if (fact.kind === 'push') branchPushes.push(fact);
  }
  const openSpans = collectOpenSpans(mine, target);
  const agentsSeen = [
    ...new Set(mine.flatMap((fact) => (fact.kind === 'agent-involvement' ? [fact.agent] : []))),
  ];
  const involvedAgent = agentsSeen.length > 0 ? agentsSeen.join(', ') : 'an agent';

  const history = History.parse({});
  const seen = new Set<string>();
  const once = (key: string) => !seen.has(key) && seen.add(key) !== undefined;
  const addPusher = (
    account: Account,
    headSha: string,
    via: 'push' | 'synchronize',
    forced: boolean,
    at: string,
  ) => {
    if (once(`pusher ${accountKey(account)} ${headSha} ${via}`))
      history.pushers.push({ account, headSha, via, forced, at });
  };

  for (const push of branchPushes) {
    const ref = headRefOf(push);
    if (ref === null || !headRefs.has(ref) || ZERO_SHA.test(push.after)) continue;
    // The branch carried the PR's commits when the push landed on one of them (`before`), left
    // one (`after`) or brought one; or the PR was open on the branch then.
    const carried =
      shas.has(push.after) ||
      shas.has(push.before) ||
      push.commits.some((commit) => shas.has(commit.sha)) ||
      openSpans.some((span) => span.headRef === ref && isWithin(push.occurredAt, span));
    if (carried) addPusher(push.pusher, push.after, 'push', push.forced, push.occurredAt);
  }
  const addDelegator = (
    account: Account,
    via: 'assignee' | 'requester' | 'co-author',
    agent: string,
    commitSha: string | null,
    at: string,
  ) => {
    if (once(`delegator ${accountKey(account)} ${via} ${agent} ${commitSha}`))
      history.delegators.push({ account, via, agent, commitSha, at });
  };
  for (const fact of mine) {
    switch (fact.kind) {
      case 'synchronize':
        addPusher(fact.sender, fact.after, 'synchronize', false, fact.occurredAt);
        break;
      case 'delegation':
        addDelegator(fact.delegator, fact.via, fact.agent, fact.commitSha, fact.occurredAt);
        break;
      // Ever assigned counts; it matters only once an agent is involved (the PR is gated). An
      // unassignment proves an assignment too: the `assigned` delivery may have been lost.
      case 'assignment':
        addDelegator(fact.assignee, 'assignee', involvedAgent, null, fact.occurredAt);
        break;
      case 'body-revision':
        for (const { login, agent } of readRequesters(fact.body))
          addDelegator({ login, id: null, type: 'Unknown' }, 'requester', agent, null, fact.occurredAt);
        break;
      case 'agent-involvement':
        if (once(`agent ${fact.agent} ${fact.commitSha} ${fact.evidence}`))
          history.agents.push({
            agent: fact.agent,
            commitSha: fact.commitSha,
            evidence: fact.evidence,
            at: fact.occurredAt,
          });
        break;
      case 'review':
        history.reviews.push({
          reviewer: fact.reviewer,
          state: fact.state,
          commitSha: fact.commitSha,
          at: fact.occurredAt,
        });
        break;
      case 'verdict':
        history.verdicts.push({
          headSha: fact.headSha,
          state: fact.state,
          snapshotDigest: fact.snapshotDigest,
          policyDigest: fact.policyDigest,
          checkRunId: fact.checkRunId,
          at: fact.occurredAt,
        });
        break;
      case 'override':
        history.overrides.push(overrideOf(fact));
        break;
      default:
        break;
    }
  }
  return history;
}

/** When the PR was open and on which head branch: from each opening to the merge, or on. */
interface OpenSpan {
  readonly headRef: string;
  readonly from: number;
  to: number;
}

function collectOpenSpans(facts: readonly Fact[], target: HistoryTarget): OpenSpan[] {
  const spans: OpenSpan[] = [];
  const openedAt = target.openedAt == null ? Number.NaN : Date.parse(target.openedAt);
  // GitHub's own opening time, in case the ledger's was lost: open until the first merge.
  if (!Number.isNaN(openedAt)) {
    const merge = facts.find((fact) => fact.kind === 'merge');
    spans.push({
      headRef: target.headRef,
      from: openedAt,
      to: merge === undefined ? Number.POSITIVE_INFINITY : Date.parse(merge.occurredAt),
    });
  }
  for (const fact of facts) {
    if (fact.kind === 'pr-opened' || fact.kind === 'pr-reopened')
      spans.push({ headRef: fact.headRef, from: Date.parse(fact.occurredAt), to: Number.POSITIVE_INFINITY });
    else if (fact.kind === 'merge') {
      const open = spans.at(-1);
      if (open !== undefined && open.to === Number.POSITIVE_INFINITY) open.to = Date.parse(fact.occurredAt);
    }
  }
  return spans;
}

function isWithin(at: string, span: OpenSpan): boolean {
  const time = Date.parse(at);
  return time >= span.from && time <= span.to;
}

function accountKey(account: Account): string {
  return account.id === null ? `login:${account.login.toLowerCase()}` : `id:${account.id}`;
}

/** An override as the history holds it. */
export function overrideOf(fact: FactOf<'override'>): History['overrides'][number] {
  return {
    by: fact.by,
    reason: fact.reason,
    headSha: fact.headSha,
    at: fact.occurredAt,
    grounds: fact.grounds,
  };
}
