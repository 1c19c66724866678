import { describe, expect, it } from 'vitest';
import { type CommitAttribution, classifyCommit } from '../../../src/core/identity/index.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { aCommit, catalogue, octocat, octocatActor, webFlow } from './fixtures.js';

const copilotAgent: GitActor = {
  name: 'copilot-swe-agent[bot]',
  email: '198982749+Copilot@users.noreply.github.com',
  account: { login: 'copilot-swe-agent', id: 198982749, type: 'Bot' },
};

const agentsOf = (a: CommitAttribution) => ({
  author: a.author.classification.agent?.id ?? a.author.classification.kind,
  committer: a.committer.classification.agent?.id ?? a.committer.classification.kind,
  coAuthors: a.coAuthors.map((c) => c.classification.agent?.id ?? c.classification.kind),
  markers: a.markers.map((m) => `${m.agent.id}:${m.evidence.source}`),
});

describe('classifyCommit on real identity strings', () => {
  it('Copilot coding agent: commits by copilot-swe-agent[bot], co-authored by the requester', () => {
    const attribution = classifyCommit(
      aCommit({
        author: copilotAgent,
        committer: webFlow,
        message: 'Initial plan\n\nCo-authored-by: octocat <583231+octocat@users.noreply.github.com>',
        coAuthors: [{ name: 'octocat', email: '583231+octocat@users.noreply.github.com', account: octocat }],
      }),
      catalogue,
    );
    expect(agentsOf(attribution)).toEqual({
      author: 'copilot',
      committer: 'unknown',
      coAuthors: ['human'],
      markers: [],
    });
    // The requester's trailer is joined with GitHub's linked account: account-strength evidence.
    expect(attribution.coAuthors[0]?.actor.account).toEqual(octocat);
    expect(attribution.coAuthors[0]?.classification.evidence[0]?.strength).toBe('account');
    expect(attribution.author.classification.evidence[0]?.strength).toBe('account');
  });

  it('Claude Code: `Co-Authored-By: Claude <noreply@anthropic.com>` and the footer, on a human commit', () => {
    const attribution = classifyCommit(
      aCommit({
        message: [
          'Add retry to the uploader',
          '',
          '🤖 Generated with [Claude Code](https://claude.com/claude-code)',
          '',
          'Co-Authored-By: Claude <noreply@anthropic.com>',
        ].join('\n'),
      }),
      catalogue,
    );
    expect(agentsOf(attribution)).toEqual({
      author: 'human',
      committer: 'human',
      coAuthors: ['claude'],
      markers: ['claude:footer'],
    });
    expect(attribution.coAuthors[0]?.classification.evidence[0]).toMatchObject({
      strength: 'claim',
      source: 'email',
    });
  });

  it('Claude Code with the model in the trailer name and a mojibaked or missing emoji', () => {
    for (const footer of [
      '馃 Generated with [Claude Code](https://claude.ai/code)',
      'ðŸ¤– Generated with [Claude Code](https://claude.com/claude-code)',
      'Generated with [Claude Code](https://claude.com/claude-code)',
    ]) {
      const message = `Fix\n\n${footer}\n\nCo-Authored-By: Claude Opus 4.6 (1M context) <noreply@anthropic.com>`;
      expect(agentsOf(classifyCommit(aCommit({ message }), catalogue))).toMatchObject({
        coAuthors: ['claude'],
        markers: ['claude:footer'],
      });
    }
  });

  it('Claude Code on the web: Claude as author and committer, with a session trailer', () => {
    const claude: GitActor = { name: 'Claude', email: 'noreply@anthropic.com', account: null };
    const attribution = classifyCommit(
      aCommit({
        author: claude,
        committer: claude,
        message: 'Tidy docs\n\nClaude-Session: https://claude.ai/code/session_011CUQ2xyz',
      }),
      catalogue,
    );
    expect(agentsOf(attribution)).toEqual({
      author: 'claude',
      committer: 'claude',
      coAuthors: [],
      markers: ['claude:trailer', 'claude:footer'],
    });
  });

  it('claude-code-action: `claude[bot]` with github-actions’ id is credited to github-actions, and still marks Claude', () => {
    const attribution = classifyCommit(
      aCommit({
        author: {
          name: 'claude[bot]',
          email: '41898282+claude[bot]@users.noreply.github.com',
          account: { login: 'github-actions', id: 41898282, type: 'Bot' },
        },
      }),
      catalogue,
    );
    expect(agentsOf(attribution)).toMatchObject({
      author: 'github-actions',
      markers: ['claude:noreply-email'],
    });
    expect(attribution.author.classification.kind).toBe('automation');
  });

  it('Codex CLI, Devin, Cursor, Amp, Warp, opencode, Qwen Code, Crush co-author trailers', () => {
    const cases: [string, string][] = [
      ['Co-authored-by: Codex <noreply@openai.com>', 'codex'],
      ['Co-Authored-By: Devin <158243242+devin-ai-integration[bot]@users.noreply.github.com>', 'devin'],
      ['Co-authored-by: Cursor Agent <cursoragent@cursor.com>', 'cursor'],
      ['Co-authored-by: Amp <amp@ampcode.com>', 'amp'],
      ['Co-Authored-By: Oz <oz-agent@warp.dev>', 'warp'],
      ['Co-Authored-By: Warp <agent@warp.dev>', 'warp'],
      ['Co-Authored-By: opencode <noreply@opencode.ai>', 'opencode'],
      ['Co-authored-by: Qwen-Coder <qwen-coder@alibabacloud.com>', 'qwen-code'],
      ['Co-Authored-By: Crush <crush@charm.land>', 'crush'],
      ['Co-authored-by: Copilot <223556219+Copilot@users.noreply.github.com>', 'copilot'],
    ];
    for (const [trailer, agent] of cases) {
      const attribution = classifyCommit(aCommit({ message: `Change\n\n${trailer}` }), catalogue);
      expect(
        attribution.coAuthors.map((c) => c.classification.agent?.id),
        trailer,
      ).toEqual([agent]);
    }
  });

  it('agent trailers and footers: Made-with, Amp-Thread, Replit, Devin and Crush footers', () => {
    const cases: [string, string][] = [
      ['Made-with: Cursor', 'cursor:trailer'],
      ['Amp-Thread: https://ampcode.com/threads/T-1234', 'amp:trailer'],
      ['Amp-Thread-ID: T-1234', 'amp:trailer'],
      ['Replit-Commit-Author: Agent', 'replit:trailer'],
      ['Generated with [Devin](https://devin.ai)', 'devin:footer'],
      ['💘 Generated with Crush', 'crush:footer'],
      ['🤖 Generated with [opencode](https://opencode.ai)', 'opencode:footer'],
      ['Generated with [Continue](https://continue.dev)', 'continue:footer'],
    ];
    for (const [line, marker] of cases) {
      expect(
        agentsOf(classifyCommit(aCommit({ message: `Change\n\n${line}` }), catalogue)).markers,
        line,
      ).toEqual([marker]);
    }
  });

  it('AI-disclosure trailers name the tool (ai:<word> when the catalogue lacks it), or an unnamed assistant', () => {
    const markersOf = (line: string) =>
      agentsOf(classifyCommit(aCommit({ message: `Change\n\n${line}` }), catalogue)).markers;
    expect(markersOf('Assisted-by: Claude:claude-3-opus coccinelle sparse')).toEqual(['claude:trailer']);
    expect(markersOf('Assisted-by: Crush:gpt-5')).toEqual(['crush:trailer']);
    expect(markersOf('Assisted-by: gpt-5 via Crush <crush@charm.land>')).toEqual(['crush:trailer']);
    expect(markersOf('Generated-By: claude-sonnet-4-5')).toEqual(['claude:trailer']);
    expect(markersOf('Assisted-by: generic LLM chatbot')).toEqual(['ai:generic:trailer']);
    expect(markersOf('Assistant-contribution: 100%')).toEqual(['unnamed-ai:trailer']);
    expect(markersOf('AI-assisted: no')).toEqual([]);
  });

  it('Aider: `(aider)` in the git name, `aider:` prefix and its co-author trailer', () => {
    const attribution = classifyCommit(
      aCommit({
        author: { ...octocatActor, name: 'The Octocat (aider)' },
        message:
          'aider: fix the widget\n\nCo-authored-by: aider (anthropic/claude-sonnet-4-20250514) <aider@aider.chat>',
      }),
      catalogue,
    );
    expect(agentsOf(attribution)).toEqual({
      author: 'human',
      committer: 'human',
      coAuthors: ['aider'],
      markers: ['aider:footer', 'aider:git-name'],
    });
  });

  it('Devin and Jules commit as their apps', () => {
    const devin = classifyCommit(
      aCommit({
        author: {
          name: 'Devin AI',
          email: '158243242+devin-ai-integration[bot]@users.noreply.github.com',
          account: { login: 'devin-ai-integration', id: 158243242, type: 'Bot' },
        },
      }),
      catalogue,
    );
    expect(devin.author.classification).toMatchObject({ kind: 'agent', agent: { id: 'devin' } });
    const jules = classifyCommit(
      aCommit({
        author: {
          name: 'google-labs-jules[bot]',
          email: '161369871+google-labs-jules[bot]@users.noreply.github.com',
          account: { login: 'google-labs-jules', id: 161369871, type: 'Bot' },
        },
      }),
      catalogue,
    );
    expect(jules.author.classification.agent?.id).toBe('jules');
  });

  it('dependabot and renovate commits are automation with no agent markers', () => {
    const dependabot = classifyCommit(
      aCommit({
        author: {
          name: 'dependabot[bot]',
          email: '49699333+dependabot[bot]@users.noreply.github.com',
          account: { login: 'dependabot', id: 49699333, type: 'Bot' },
        },
        committer: webFlow,
        message: 'Bump lodash from 4.17.20 to 4.17.21\n\nSigned-off-by: dependabot[bot] <support@github.com>',
      }),
      catalogue,
    );
    expect(agentsOf(dependabot)).toEqual({
      author: 'dependabot',
      committer: 'unknown',
      coAuthors: [],
      markers: [],
    });
    expect(dependabot.author.classification.kind).toBe('automation');
    const renovate = classifyCommit(
      aCommit({
        author: {
          name: 'renovate[bot]',
          email: '29139614+renovate[bot]@users.noreply.github.com',
          account: { login: 'renovate', id: 29139614, type: 'Bot' },
        },
      }),
      catalogue,
    );
    expect(renovate.author.classification.kind).toBe('automation');
  });

  it('squash merge: trailers after `---------`, joined with GitHub-resolved co-authors', () => {
    const message = [
      'Add the widget (#123)',
      '',
      '* Initial plan',
      '',
      '* Implement the widget',
      '',
      '---------',
      '',
      'Co-authored-by: copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>',
      'Co-authored-by: octocat <583231+octocat@users.noreply.github.com>',
    ].join('\n');
    const attribution = classifyCommit(
      aCommit({
        author: { name: 'Mona', email: 'mona@example.com', account: { login: 'mona', id: 2, type: 'User' } },
        committer: webFlow,
        message,
        coAuthors: [
          {
            name: 'copilot-swe-agent[bot]',
            email: '198982749+copilot@users.noreply.github.com',
            account: copilotAgent.account,
          },
          { name: 'octocat', email: '583231+octocat@users.noreply.github.com', account: octocat },
        ],
      }),
      catalogue,
    );
    expect(agentsOf(attribution).coAuthors).toEqual(['copilot', 'human']);
    expect(attribution.coAuthors[0]?.classification.evidence[0]?.strength).toBe('account');
  });

  it('keeps GitHub-resolved co-authors whose trailer is not in the message', () => {
    const attribution = classifyCommit(
      aCommit({ message: 'Rewritten', coAuthors: [copilotAgent] }),
      catalogue,
    );
    expect(agentsOf(attribution).coAuthors).toEqual(['copilot']);
  });

  it('case and spelling variants of trailers all count, once per co-author', () => {
    const message = [
      'Change',
      'co-authored-by: Claude <noreply@anthropic.com>',
      'CO-AUTHORED-BY: Claude Sonnet 4.5 <NOREPLY@ANTHROPIC.COM>',
      '**Co-Authored-By:** Cursor <cursoragent@cursor.com>',
      'Co-authored\u200b-by: Amp <amp@ampcode.com>',
    ].join('\n');
    expect(agentsOf(classifyCommit(aCommit({ message }), catalogue)).coAuthors).toEqual([
      'claude',
      'cursor',
      'amp',
    ]);
  });

  it('name collisions: human names of agents, without an agent email, stay human', () => {
    const message = [
      'Pair session',
      '',
      'Co-authored-by: Claude Shannon <claude@uni.edu>',
      'Co-authored-by: Devin Smith <devin@smith.dev>',
      'Co-authored-by: Claude',
    ].join('\n');
    const attribution = classifyCommit(aCommit({ message }), catalogue);
    expect(agentsOf(attribution)).toEqual({
      author: 'human',
      committer: 'human',
      coAuthors: ['human', 'human'],
      markers: [],
    });
  });

  it('a co-author naming Copilot with another id is credited to that id, and Copilot is only a claim', () => {
    const attribution = classifyCommit(
      aCommit({ message: 'x\n\nCo-authored-by: Copilot <583231+Copilot@users.noreply.github.com>' }),
      catalogue,
    );
    expect(agentsOf(attribution)).toMatchObject({ coAuthors: ['human'], markers: ['copilot:noreply-email'] });
  });

  it('a person’s noreply address that spells an agent’s name is not a claim (`81847+claude`)', () => {
    const attribution = classifyCommit(
      aCommit({ message: 'x\n\nCo-authored-by: claude <81847+claude@users.noreply.github.com>' }),
      catalogue,
    );
    expect(agentsOf(attribution)).toMatchObject({ coAuthors: ['human'], markers: [] });
  });

  it('repeated footers in a huge message give one marker', () => {
    const message = `Change\n\n${'Generated with [Claude Code]\n'.repeat(20_000)}`;
    expect(classifyCommit(aCommit({ message }), catalogue).markers).toHaveLength(1);
  });
});
