import type { Verdict, VerdictState } from '../../core/verdict.js';
import type { PublishResult } from '../../github/publish-verdict.js';
import type { Log } from '../log.js';
import { recordEvaluation } from '../metrics.js';
import type { PullRequestWork } from '../queue/work.js';
import type { RequestCount } from './count-requests.js';

/** One line per evaluation: what was decided, from what, at what cost. Never secrets or payloads. */
export interface Decision {
  readonly deliveryId: string;
  readonly event: string;
  /** Events merged into this evaluation by the queue. */
  readonly events: number;
  readonly installationId: number;
  readonly repo: string;
  readonly pullNumber: number;
  /** The head evaluated (GitHub's current one); `eventHeadSha` is what the event named. */
  readonly headSha: string | null;
  readonly eventHeadSha: string | null;
  readonly state: VerdictState | 'closed';
  readonly headline: string | null;
  readonly agents: readonly string[];
  readonly approvals: { readonly counted: readonly string[]; readonly ignored: readonly string[] };
  readonly writes: PublishResult | null;
  readonly requests: RequestCount;
  readonly durationMs: number;
  readonly error: string | null;
}

export function describeDecision(
  work: PullRequestWork,
  outcome: {
    readonly headSha: string | null;
    readonly state: Decision['state'];
    readonly verdict: Verdict | null;
    readonly writes: PublishResult | null;
    readonly requests: RequestCount;
    readonly durationMs: number;
    readonly error: string | null;
  },
): Decision {
  const { verdict } = outcome;
  const login = (account: { login: string } | null) => (account ? `@${account.login}` : '(deleted account)');
  return {
    deliveryId: work.trigger.deliveryId,
    event: work.trigger.event,
    events: work.events,
    installationId: work.target.installationId,
    repo: `${work.target.owner}/${work.target.repo}`,
    pullNumber: work.number,
    headSha: outcome.headSha,
    eventHeadSha: work.headSha,
    state: outcome.state,
    headline: verdict?.headline ?? null,
    agents: verdict?.agents.map((agent) => agent.id) ?? [],
    approvals: {
      counted: verdict?.approvals.filter((a) => a.counted).map((a) => login(a.reviewer)) ?? [],
      ignored:
        verdict?.approvals.filter((a) => !a.counted).map((a) => `${login(a.reviewer)}: ${a.reason}`) ?? [],
    },
    writes: outcome.writes,
    requests: outcome.requests,
    durationMs: outcome.durationMs,
    error: outcome.error,
  };
}

export function logDecision(log: Pick<Log, 'info' | 'error'>, decision: Decision): void {
  recordEvaluation(decision.state, decision.durationMs);
  if (decision.error) log.error({ decision }, 'custody decision');
  else log.info({ decision }, 'custody decision');
}
