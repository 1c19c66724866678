import { z } from 'zod';

/**
 * The policy file `.github/custody.yml`, read from the base branch. One zod schema is the
 * single source of the TypeScript type, the JSON Schema (schema/custody.schema.json) and
 * the README reference. Every key has a default, so no file at all is a useful policy.
 * Nothing here can weaken the guarantee in DESIGN.md: counts have floors, permissions
 * start at `write`, and agent approvals are never counted whatever is written.
 */

const login = z.string().min(1).max(100);
const nonEmpty = z.string().min(1);

export const AgentDefinition = z
  .strictObject({
    id: z
      .string()
      .regex(/^[a-z0-9][a-z0-9._-]*$/, 'lower-case letters, digits, ".", "_" or "-"')
      .meta({ description: 'Stable id, used in labels (`agent:<id>`) and verdicts.' }),
    name: nonEmpty.optional().meta({ description: 'Display name; defaults to the id.' }),
    logins: z
      .array(login)
      .default([])
      .meta({ description: 'Account logins, with or without the `[bot]` suffix.' }),
    ids: z
      .array(z.number().int().positive())
      .default([])
      .meta({ description: 'Numeric account ids (strongest evidence).' }),
    emails: z
      .array(nonEmpty)
      .default([])
      .meta({ description: 'Git emails (exact, case-insensitive), or `@domain` for a whole domain.' }),
    trailers: z.array(nonEmpty).default([]).meta({
      description:
        'Trailer keys that mark this agent whatever their value (e.g. `X-Agent-Run`), case-insensitive.',
    }),
    co_author_names: z.array(nonEmpty).default([]).meta({
      description:
        'Names that identify this agent in `Co-authored-by`/`Assisted-by` trailers when paired with one of `emails` (a bare name never does).',
    }),
    markers: z.array(nonEmpty).default([]).meta({
      description: 'Text in a commit message or PR body that marks this agent (case-insensitive substring).',
    }),
    branch_prefixes: z
      .array(nonEmpty)
      .default([])
      .meta({ description: 'Head-branch prefixes this agent uses (a hint only).' }),
  })
  .meta({ id: 'AgentDefinition', description: 'An in-house or missing agent.' });
export type AgentDefinition = z.infer<typeof AgentDefinition>;

export const AutomationDefinition = z
  .strictObject({
    logins: z.array(login).default([]).meta({ description: 'Logins of non-AI automation (bots, machine users).' }),
    ids: z.array(z.number().int().positive()).default([]).meta({ description: 'Numeric ids of such accounts.' }),
  })
  .meta({ description: 'Extra non-AI automation. Automation never counts as an approver.' });

/** Permissions an approver may be required to have; `write` is the floor. */
export const ApproverPermission = z.enum(['write', 'maintain', 'admin']);
export type ApproverPermission = z.infer<typeof ApproverPermission>;

const teamSlug = z
  .string()
  .regex(/^[A-Za-z0-9_.-]+\/[A-Za-z0-9_.-]+$/, 'a team as `org/team-slug`')
  .meta({ description: 'A team as `org/team-slug`.' });

export const PathRule = z
  .strictObject({
    name: nonEmpty.meta({ description: 'Shown in the check run and comment.' }),
    globs: z.array(nonEmpty).min(1).meta({ description: 'Glob patterns (picomatch, `dot: true`) over changed paths.' }),
    approvals: z.number().int().min(1).max(20).default(1).meta({ description: 'Independent approvals needed.' }),
    teams: z.array(teamSlug).default([]).meta({ description: 'When set, approvers must belong to one of these.' }),
    users: z.array(login).default([]).meta({ description: 'When set (with or without teams), these users may approve.' }),
  })
  .meta({ id: 'PathRule', description: 'A stricter requirement for PRs that touch matching paths.' });
export type PathRule = z.infer<typeof PathRule>;

export const Policy = z
  .strictObject({
    _extends: z.string().optional().meta({
      description:
        'Inherit from another policy in the same organisation: `.github` (the org repo) or `repo:path/to/file.yml`. Local keys win; the result is checked again.',
    }),
    applies_to: z.enum(['agents', 'agents_and_automation', 'all']).default('agents').meta({
      description:
        'Which PRs are gated: those with agent involvement (default), also those with automation, or every PR.',
    }),
    agents: z.array(AgentDefinition).default([]).meta({ description: 'Agents to add to the built-in catalogue.' }),
    automation: AutomationDefinition.default({ logins: [], ids: [] }),
    unknown_bots: z.enum(['agent', 'automation']).default('agent').meta({
      description: 'How a `Bot` account missing from the catalogue counts. `agent` fails closed.',
    }),
    approvals: z
      .strictObject({
        count: z.number().int().min(1).max(20).default(1).meta({ description: 'Independent human approvals needed.' }),
        permission: ApproverPermission.default('write').meta({
          description: 'Minimum repository permission of an approver (`write` at least).',
        }),
        teams: z.array(teamSlug).default([]).meta({ description: 'When set, approvers must belong to one of these.' }),
        users: z.array(login).default([]).meta({ description: 'When set (with or without teams), these users may approve.' }),
      })
      .default({ count: 1, permission: 'write', teams: [], users: [] }),
    invalidation: z.enum(['any_push', 'agent_push']).default('any_push').meta({
      description:
        '`any_push`: an approval counts only on the head commit. `agent_push`: an approval stays valid across later commits that involve no agent.',
    }),
    paths: z.array(PathRule).default([]).meta({ description: 'Stricter rules for sensitive paths; the strictest applicable wins.' }),
    signatures: z
      .strictObject({
        agent_commits: z.enum(['off', 'required']).default('off').meta({
          description: '`required`: every agent-involved commit must carry a valid signature, or the check fails.',
        }),
      })
      .default({ agent_commits: 'off' }),
    handoff: z
      .strictObject({
        approvals: z.number().int().min(1).max(20).optional().meta({
          description: 'Approvals needed when two or more agents are involved (default: `approvals.count`).',
        }),
        block: z.boolean().default(false).meta({ description: 'Fail the check outright on a handoff.' }),
      })
      .default({ block: false }),
    unattributed_commits: z.enum(['flag', 'block']).default('flag').meta({
      description:
        'Commits whose author GitHub links to no account: `flag` names them in the chain, `block` fails the check.',
    }),
    labels: z
      .strictObject({
        enabled: z.boolean().default(true),
        prefix: z.string().min(1).max(30).default('agent:').meta({ description: 'Prefix of provenance labels.' }),
        handoff: z.string().min(1).max(50).default('agent-handoff').meta({ description: 'Label of a handoff.' }),
      })
      .default({ enabled: true, prefix: 'agent:', handoff: 'agent-handoff' }),
    comment: z
      .strictObject({ enabled: z.boolean().default(true).meta({ description: 'Post the sticky reviewer comment.' }) })
      .default({ enabled: true }),
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

/** Where the policy lives in a repository (and in the organisation's `.github` repository). */
export const POLICY_PATH = '.github/custody.yml';

export function renderPolicyJsonSchema(): object {
  return z.toJSONSchema(Policy, { io: 'input', target: 'draft-2020-12' });
}
