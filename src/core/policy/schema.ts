import { z } from 'zod';
import { parseExtendsTarget } from './merge-policies.js';

/**
 * The policy file `.github/custody.yml`, read from the base branch. One zod schema is the
 * single source of the TypeScript type, the JSON Schema (schema/custody.schema.json) and
 * the reference in docs/policy.md. Every key has a default, so no file at all is a useful
 * policy. Nothing here can weaken the guarantee (docs/architecture.md): counts have a floor of one,
 * permissions start at `write`, and no key exists that would count an agent's approval.
 * Refinements reject settings that would silently do nothing, since a rule that never
 * applies is a weaker policy than the one its author thinks they wrote.
 */

/**
 * Control, invisible and bidirectional-override characters could disguise text shown to
 * reviewers (a label that looks like another). The zero-width joiner stays allowed: emoji
 * sequences need it.
 */
const DISGUISING_CHARACTERS = /(?!\u200d)[\p{Cc}\p{Cf}\p{Zl}\p{Zp}]/u;

const plainText = (max: number) =>
  z
    .string()
    .min(1)
    .max(max)
    .refine((value) => !DISGUISING_CHARACTERS.test(value), {
      message: 'must not contain control, invisible or bidirectional-override characters',
    });

/** A person's GitHub login (EMU logins carry an `_shortcode` suffix); never `@`-prefixed. */
const userLogin = z
  .string()
  .regex(/^[A-Za-z0-9][A-Za-z0-9_-]{0,99}$/, 'must be a GitHub login such as `octocat` (without `@`)');

/** Bot logins appear as `name[bot]` in REST and `name` in GraphQL; both are accepted. */
const accountLogin = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{0,99}(\[bot\])?$/,
    'must be a GitHub login such as `my-agent` or `my-agent[bot]` (without `@`)',
  );

const accountId = z.number().int().positive().meta({ description: 'A numeric account id (`databaseId`).' });

const teamSlug = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'must be a team as `org/team-slug`')
  .meta({ description: 'A team as `org/team-slug`.' });

const approvalCount = z.number().int().min(1).max(20);

export const AgentDefinition = z
  .strictObject({
    id: z
      .string()
      .max(40)
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'must be lower-case letters, digits, ".", "_" or "-"')
      .refine((id) => id !== 'unknown-bot', { message: 'is reserved for bots missing from the catalogue' })
      .meta({ description: 'Stable id, used in labels (`agent:<id>`) and verdicts.' }),
    name: plainText(100).optional().meta({ description: 'Display name; defaults to the id.' }),
    logins: z
      .array(accountLogin)
      .default([])
      .meta({ description: 'Account logins, with or without the `[bot]` suffix.' }),
    ids: z.array(accountId).default([]).meta({ description: 'Numeric account ids (strongest evidence).' }),
    emails: z
      .array(
        z
          .string()
          .max(254)
          .regex(
            /^[^\s@]*@[^\s@]+$/,
            'must be an email such as `bot@example.com`, or `@example.com` for a domain',
          )
          // Every GitHub user's noreply address is in this domain: as a whole it names no agent,
          // and Custody reads such addresses by their account id instead.
          .refine(
            (email) => email.toLowerCase() !== '@users.noreply.github.com',
            'is every GitHub user’s noreply domain: list the agent’s own address (`<id>+<login>@users.noreply.github.com`), its login or its id',
          ),
      )
      .default([])
      .meta({
        description:
          'Git emails (exact, case-insensitive), or `@domain` for a whole domain (not GitHub’s `@users.noreply.github.com`, which is every user’s).',
      }),
    trailers: z
      .array(
        z
          .string()
          .max(100)
          .regex(
            /^[A-Za-z0-9][A-Za-z0-9-]*$/,
            'must be a trailer key such as `X-Agent-Run` (no colon, no spaces)',
          ),
      )
      .default([])
      .meta({
        description:
          'Trailer keys that mark this agent whatever their value (e.g. `X-Agent-Run`), case-insensitive.',
      }),
    co_author_names: z.array(plainText(100)).default([]).meta({
      description:
        'Names that identify this agent in `Co-authored-by`/`Assisted-by` trailers when paired with one of `emails` (a bare name never does).',
    }),
    markers: z.array(plainText(200)).default([]).meta({
      description: 'Text in a commit message or PR body that marks this agent (case-insensitive substring).',
    }),
    branch_prefixes: z
      .array(z.string().min(1).max(100).regex(/^\S+$/, 'must not contain spaces'))
      .default([])
      .meta({ description: 'Head-branch prefixes this agent uses (a hint only).' }),
  })
  .superRefine((agent, ctx) => {
    const signals = [
      agent.logins,
      agent.ids,
      agent.emails,
      agent.trailers,
      agent.markers,
      agent.branch_prefixes,
    ];
    if (signals.every((list) => list.length === 0)) {
      ctx.addIssue({
        code: 'custom',
        path: [],
        message:
          'gives no way to recognise the agent: list at least one of logins, ids, emails, trailers, markers or branch_prefixes',
      });
    }
    if (agent.co_author_names.length > 0 && agent.emails.length === 0) {
      ctx.addIssue({
        code: 'custom',
        path: ['co_author_names'],
        message: 'only match together with one of the agent’s emails: add `emails`',
      });
    }
  })
  .meta({ id: 'AgentDefinition', description: 'An in-house or missing agent.' });
export type AgentDefinition = z.infer<typeof AgentDefinition>;

export const AutomationDefinition = z
  .strictObject({
    logins: z
      .array(accountLogin)
      .default([])
      .meta({ description: 'Logins of non-AI automation (bots, machine users).' }),
    ids: z.array(accountId).default([]).meta({ description: 'Numeric ids of such accounts.' }),
  })
  .meta({
    description:
      'Extra non-AI automation. Automation never counts as an approver; an account that is also an agent stays an agent.',
  });

/** Permissions an approver may be required to have; `write` is the floor. */
export const ApproverPermission = z.enum(['write', 'maintain', 'admin']);
export type ApproverPermission = z.infer<typeof ApproverPermission>;

export const PathRule = z
  .strictObject({
    name: plainText(100).meta({ description: 'Shown in the check run and comment; unique among rules.' }),
    globs: z
      .array(
        z
          .string()
          .min(1)
          .max(500)
          .refine((glob) => !/^!?(\/|\.\/)/.test(glob), {
            message:
              'is matched against repository-relative paths such as `src/app.ts`: drop the leading `/` or `./`',
          }),
      )
      .min(1)
      .meta({
        description:
          'Glob patterns (picomatch, `dot: true`) over changed paths, relative to the repository root.',
      }),
    approvals: approvalCount.default(1).meta({
      description:
        'Approvals from this rule’s approvers needed when a changed path matches; the base `approvals` requirement still applies.',
    }),
    teams: z.array(teamSlug).default([]).meta({
      description: 'When set, this rule’s approvers must belong to one of these teams (or be in `users`).',
    }),
    users: z
      .array(userLogin)
      .default([])
      .meta({ description: 'When set, these users may approve for this rule (besides members of `teams`).' }),
  })
  .meta({
    id: 'PathRule',
    description:
      'A stricter requirement for PRs that touch matching paths. Approvers still need `approvals.permission`.',
  });
export type PathRule = z.infer<typeof PathRule>;

/** Reports every repetition of a key that must be unique, at the repeated item. */
function requireUnique<T>(list: string, field: string, key: (item: T) => string) {
  return (items: readonly T[], ctx: z.RefinementCtx) => {
    const seen = new Map<string, number>();
    items.forEach((item, index) => {
      const value = key(item);
      const first = seen.get(value);
      if (first === undefined) seen.set(value, index);
      else
        ctx.addIssue({
          code: 'custom',
          path: [index, field],
          message: `repeats the ${field} "${value}" of ${list}[${first}]: each must be unique`,
        });
    });
  };
}

const normaliseLogin = (login: string) => login.toLowerCase().replace(/\[bot\]$/, '');

export const Policy = z
  .strictObject({
    _extends: z
      .string()
      .superRefine((value, ctx) => {
        const target = parseExtendsTarget(value, null);
        if (!target.ok) ctx.addIssue({ code: 'custom', message: target.error });
      })
      .optional()
      .meta({
        description:
          'Inherit from another policy in the same organisation: `.github` (the org repository), `repo`, or `repo:path/to/file.yml` (the path defaults to `.github/custody.yml`). Local keys win; the result is checked again.',
      }),
    applies_to: z.enum(['agents', 'agents_and_automation', 'all']).default('agents').meta({
      description:
        'Which PRs are gated: those with agent involvement (default), also those with automation, or every PR.',
    }),
    agents: z
      .array(AgentDefinition)
      .default([])
      .superRefine(requireUnique('agents', 'id', (agent: AgentDefinition) => agent.id))
      .meta({ description: 'Agents to add to the built-in catalogue.' }),
    automation: AutomationDefinition.default({ logins: [], ids: [] }),
    unknown_bots: z.enum(['agent', 'automation']).default('agent').meta({
      description: 'How a `Bot` account missing from the catalogue counts. `agent` fails closed.',
    }),
    approvals: z
      .strictObject({
        count: approvalCount.default(1).meta({ description: 'Independent human approvals needed.' }),
        permission: ApproverPermission.default('write').meta({
          description: 'Minimum repository permission of an approver (`write` at least).',
        }),
        teams: z
          .array(teamSlug)
          .default([])
          .meta({ description: 'When set, approvers must belong to one of these teams (or be in `users`).' }),
        users: z
          .array(userLogin)
          .default([])
          .meta({ description: 'When set, these users may approve (besides members of `teams`).' }),
      })
      .default({ count: 1, permission: 'write', teams: [], users: [] })
      .meta({ description: 'Who must approve a PR with agent involvement, and how many.' }),
    reviewer_agents: z.enum(['reviewers', 'authors']).default('reviewers').meta({
      description:
        '`reviewers`: an agent that only reviewed (no commit, did not open or push) is named as a reviewer, its approvals never count, but it is not provenance, not a handoff, and its reviews do not end human approvals. `authors` (stricter): any agent review counts as agent involvement, as an agent action after which approvals must come again, and towards a handoff.',
    }),
    invalidation: z.enum(['any_push', 'agent_push']).default('any_push').meta({
      description:
        '`any_push`: an approval counts only on the head commit. `agent_push`: an approval stays valid across later commits that involve no agent.',
    }),
    paths: z
      .array(PathRule)
      .default([])
      .superRefine(requireUnique('paths', 'name', (rule: PathRule) => rule.name))
      .meta({ description: 'Stricter rules for sensitive paths; every applicable rule must be met.' }),
    signatures: z
      .strictObject({
        agent_commits: z.enum(['off', 'required']).default('off').meta({
          description:
            '`required`: every agent-involved commit must carry a valid signature, or the check fails.',
        }),
      })
      .default({ agent_commits: 'off' })
      .meta({ description: 'Commit signature requirements.' }),
    handoff: z
      .strictObject({
        approvals: approvalCount.optional().meta({
          description:
            'Approvals needed when two or more agents are involved (default and minimum: `approvals.count`).',
        }),
        block: z.boolean().default(false).meta({ description: 'Fail the check outright on a handoff.' }),
      })
      .default({ block: false })
      .meta({ description: 'What a handoff (two or more distinct agents in one PR) requires.' }),
    unattributed_commits: z.enum(['flag', 'block']).default('flag').meta({
      description:
        'Commits whose author or co-author GitHub links to no account: `flag` names them in the chain, `block` fails the check on any pull request, agents seen or not (an unlinked author may be one).',
    }),
    labels: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: 'Add and remove provenance labels.' }),
        prefix: plainText(30)
          .regex(/^.+[:/_.-]$/, 'must end with `:`, `/`, `_`, `.` or `-` so it cannot swallow other labels')
          .default('agent:')
          .meta({
            description: 'Prefix of provenance labels (`agent:claude`); only labels with it are removed.',
          }),
        handoff: plainText(50).default('agent-handoff').meta({ description: 'Label of a handoff.' }),
      })
      .default({ enabled: true, prefix: 'agent:', handoff: 'agent-handoff' })
      .meta({ description: 'Provenance labels.' }),
    overrides: z
      .strictObject({
        allowed: z.boolean().default(true).meta({
          description:
            'Whether an allowed user may override the check for one head commit, with a written reason (recorded in the ledger, labelled, commented on).',
        }),
        permission: z.enum(['maintain', 'admin']).default('admin').meta({
          description:
            "Minimum repository permission of an overrider: `admin` or `maintain`. Never `write`: anyone who can push could then wave through their own agent's change.",
        }),
        teams: z.array(teamSlug).default([]).meta({
          description: 'When set, an overrider must also belong to one of these teams.',
        }),
      })
      .default({ allowed: true, permission: 'admin', teams: [] })
      .meta({
        description:
          'Break-glass overrides: who may turn the check to success for one head, and whether anyone may.',
      }),
    comment: z
      .strictObject({
        enabled: z.boolean().default(true).meta({ description: 'Post the sticky reviewer comment.' }),
      })
      .default({ enabled: true })
      .meta({ description: 'The sticky comment for reviewers.' }),
  })
  .superRefine((policy, ctx) => {
    // An account listed both ways stays an agent (fail closed); saying so beats a silent choice.
    const agentLogins = new Set(policy.agents.flatMap((agent) => agent.logins.map(normaliseLogin)));
    const agentIds = new Set(policy.agents.flatMap((agent) => agent.ids));
    policy.automation.logins.forEach((login, index) => {
      if (agentLogins.has(normaliseLogin(login)))
        ctx.addIssue({
          code: 'custom',
          path: ['automation', 'logins', index],
          message: `"${login}" is also listed under agents: an account cannot be both, and it stays an agent`,
        });
    });
    policy.automation.ids.forEach((id, index) => {
      if (agentIds.has(id))
        ctx.addIssue({
          code: 'custom',
          path: ['automation', 'ids', index],
          message: `${id} is also listed under agents: an account cannot be both, and it stays an agent`,
        });
    });
  })
  .meta({
    id: 'CustodyPolicy',
    title: 'Custody policy (.github/custody.yml)',
    description: 'Read from the base branch of each pull request. Every key is optional.',
  });
export type Policy = z.infer<typeof Policy>;
export type PolicyInput = z.input<typeof Policy>;

/** The policy in force when a repository has no file: the documented defaults. */
export const DEFAULT_POLICY: Policy = Policy.parse({});

export { POLICY_PATH } from './policy-path.js';

export function renderPolicyJsonSchema(): object {
  return z.toJSONSchema(Policy, { io: 'input', target: 'draft-2020-12' });
}
