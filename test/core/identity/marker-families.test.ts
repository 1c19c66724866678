import { describe, expect, it } from 'vitest';
import { type CommitAttribution, classifyCommit } from '../../../src/core/identity/index.js';
import type { GitActor } from '../../../src/core/snapshot.js';
import { aCommit, catalogue } from './fixtures.js';

const person: GitActor = { name: 'Jules Martin', email: 'jules@example.org', account: null };

/** Every agent a commit names (actors and markers), with the strength of the first evidence. */
function agentsNamed(message: string, actors: Partial<{ author: GitActor; committer: GitActor }> = {}) {
  const a: CommitAttribution = classifyCommit(
    aCommit({ author: person, committer: person, message, ...actors }),
    catalogue,
  );
  const ids = [
    a.author.classification,
    a.committer.classification,
    ...a.coAuthors.map((c) => c.classification),
  ].flatMap((c) => (c.kind === 'agent' && c.agent !== null ? [c.agent.id] : []));
  return [...new Set([...ids, ...a.markers.map((m) => m.agent.id)])];
}

describe('trailer spellings agents really write', () => {
  it('reads literal backslash-n as a line break, so mid-line trailers count', () => {
    expect(agentsNamed('Fix parser\\n\\nCo-authored-by: openhands <openhands@all-hands.dev>')).toEqual([
      'openhands',
    ]);
    expect(
      agentsNamed('Tweak\\n\\nCo-authored-by: Copilot <198982749+Copilot@users.noreply.github.com>'),
    ).toEqual(['copilot']);
  });

  it('takes the email however it is wrapped: bare, alone, in quotes', () => {
    expect(agentsNamed('Fix\n\nCo-authored-by: OpenHands-GPT-4.1 openhands@all-hands.dev')).toEqual([
      'openhands',
    ]);
    expect(agentsNamed('Fix\n\nCo-authored-by: Claude "noreply@anthropic.com"')).toEqual(['claude']);
    expect(agentsNamed('Fix\n\nCo-authored-by: Claude <"noreply@anthropic.com">')).toEqual(['claude']);
    expect(agentsNamed('Fix\n\nAssisted-by: CursorAgent@Cursor.com')).toEqual(['cursor']);
  });

  it('reads kernel-style Assisted-by with and without an email', () => {
    expect(agentsNamed('Fix\n\nAssisted-by: Claude Code <noreply@anthropic.com>')).toEqual(['claude']);
    expect(agentsNamed('Fix\n\nAssisted-by: Claude Sonnet 4.6')).toEqual(['claude']);
    // The tool, not the model: what follows `via`; a tool name with "AI" stuck on.
    expect(agentsNamed('Fix\n\nAssisted-by: Claude Sonnet 4.5 via Crush')).toEqual(['crush']);
    expect(agentsNamed('Fix\n\nAssisted-by: CursorAI')).toEqual(['cursor']);
    expect(agentsNamed('Fix\n\nAssisted-by: OpenAI Codex')).toEqual(['codex']);
    expect(agentsNamed('Fix\n\nAssisted-by: Zephyr-9B')).toEqual(['ai:zephyr-9b']);
  });

  it('names a tool given as a link the way it names the bare word', () => {
    // A link's text, a site, a repository: each names the tool, never `https` or nobody.
    for (const value of [
      'Zephyr',
      '[Zephyr](https://zephyr.dev)',
      '[Zephyr Coder](https://zephyr.dev/coder)',
      'https://zephyr.dev',
      '<https://app.zephyr.dev:8443/session/1>',
      '"Zephyr"',
    ]) {
      expect(agentsNamed(`Fix\n\nAssisted-by: ${value}`), value).toEqual(['ai:zephyr']);
    }
    expect(agentsNamed('Fix\n\nAssisted-by: https://github.com/zephyr-ai/zephyr-cli.git')).toEqual([
      'ai:zephyr-cli',
    ]);
    expect(agentsNamed('Fix\n\nAssisted-by: https://gitlab.com/zephyr-ai')).toEqual(['ai:zephyr-ai']);
    expect(agentsNamed('Fix\n\nAssisted-by: https://huggingface.co/anthropics/claude-code')).toEqual([
      'claude',
    ]);
    expect(agentsNamed('Fix\n\nAssisted-by: https://claude.ai')).toEqual(['claude']);
    expect(agentsNamed('Fix\n\nAssisted-by: https://www.github.com/zephyr-ai/zephyr.gitbot')).toEqual([
      'ai:zephyr.gitbot',
    ]);
    // A code host alone, or a local server, names no tool: still a disclosure, of an unnamed one.
    expect(agentsNamed('Fix\n\nAssisted-by: https://github.com/')).toEqual(['unnamed-ai']);
    expect(agentsNamed('Fix\n\nAssisted-by: http://localhost:11434/api')).toEqual(['unnamed-ai']);
  });

  it('keys on the email, so templates and unknown model names in the name do not matter', () => {
    expect(agentsNamed('Fix\n\nCo-authored-by: OpenHands-<MODEL_ID> openhands@all-hands.dev')).toEqual([
      'openhands',
    ]);
    expect(
      agentsNamed(`Fix\n\nCo-Authored-By: Claude Code (\${CLAUDE_PROJECT_DIR}) <noreply@anthropic.com>`),
    ).toEqual(['claude']);
    expect(
      agentsNamed('Fix\n\nCo-Authored-By: Claude Zephyr 9 (4M context) <noreply@anthropic.com>'),
    ).toEqual(['claude']);
  });

  it('knows the Copilot session trailers and the newer catalogue identities', () => {
    expect(agentsNamed('Fix\n\nAgent-Logs-Url: https://github.com/o/r/sessions/eb6e05d8-f45a-40fb')).toEqual([
      'copilot',
    ]);
    expect(agentsNamed('Fix\n\nCopilot-Session: 886adbee-ba96-4b0b-babe-4b22a5b534c7')).toEqual(['copilot']);
    expect(agentsNamed('Fix\n\nCo-authored-by: aider (gpt-5) <noreply@aider.dev>')).toEqual(['aider']);
    expect(agentsNamed('Fix\n\nCo-authored-by: Cascade AI <cascade@windsurf.ai>')).toEqual(['windsurf']);
    expect(agentsNamed('Fix\n\nCo-authored-by: pi <pi@badlogic.games>')).toEqual(['pi']);
    expect(agentsNamed('Fix\n\n🤖 Generated with assistance of [OhMyOpenCode](https://x.dev)')).toEqual([
      'oh-my-opencode',
    ]);
  });
});

describe('generic detectors for agents the catalogue does not list', () => {
  it('reads tool footers led by a symbol, or bare with a link to the tool', () => {
    expect(
      agentsNamed('Fix\n\n🤖 Generated with termai\nCo-Authored-By: termai <noreply@termai.io>'),
    ).toEqual(['ai:termai']);
    expect(agentsNamed('Fix\n\nᕕ( ᐛ )ᕗ  Generated with Cliffy')).toEqual(['ai:cliffy']);
    expect(agentsNamed('Fix\n\nCo-created with [Vortex](https://vortex.dev)')).toEqual(['ai:vortex']);
    expect(agentsNamed('Fix\n\n🤖 Generated by [Nova Coder](https://nova.example)')).toEqual([
      'ai:nova-coder',
    ]);
  });

  it('reads session, thread and agent trailers that carry a link or a session id', () => {
    expect(agentsNamed('Fix\n\nZap-Session: https://zap.dev/s/123')).toEqual(['ai:zap']);
    expect(agentsNamed('Fix\n\nZap-Thread-ID: T-0f8c2a3e-1b2c-4d5e-8f90-123456789abc')).toEqual(['ai:zap']);
    expect(agentsNamed('Fix\n\nOrbit-Agent: https://orbit.example/runs/9')).toEqual(['ai:orbit']);
  });

  it('reads co-authors at a tool domain’s noreply, agent or bot address', () => {
    expect(agentsNamed('Fix\n\nCo-authored-by: Helix <agent@helix.build>')).toEqual(['ai:helix']);
    expect(agentsNamed('Fix\n\nCo-authored-by: Quill <noreply@quill.ai>')).toEqual(['ai:quill']);
  });

  it('names automation it knows as automation, never `ai:`', () => {
    expect(
      agentsNamed(
        'chore: release\n\n🤖 Generated with [Release Please](https://github.com/googleapis/release-please)',
      ),
    ).toEqual([]);
    expect(agentsNamed('Update\n\nCo-authored-by: Renovate Bot <bot@renovateapp.com>')).toEqual([]);
  });

  it('never fires on people: names, prose, subjects that look like keys, personal role addresses', () => {
    for (const message of [
      'Generated with care by Jules',
      'This PR was generated with [Release Please](https://github.com/googleapis/release-please)',
      'Docs generated by running `make docs`',
      '- Generated by protoc 3.21',
      'Micro-agent: Remove planner specific actions',
      'coding-agent: refactor AuthStorage',
      'Signed-off-by: Jules Bertholet <julesbertholet@quoi.xyz>',
      'Add Claude, Copilot and Codex to the model list\n\nCo-authored-by: Devin Petersohn <devin.petersohn@gmail.com>',
      'Fix\n\nCo-authored-by: Oz Tiram <noreply@gmail.com>',
      'Fix\n\nCo-authored-by: Someone <noreply@github.com>',
      'Travel-Session: tomorrow at noon',
      'Created with Jules and Claude over coffee',
    ]) {
      expect(agentsNamed(message), message).toEqual([]);
    }
  });
});

describe('automation that merely committed', () => {
  it('keeps a human commit human when an automation app committed (rebased) it', () => {
    const stainless: GitActor = {
      name: 'stainless-app[bot]',
      email: '142633134+stainless-app[bot]@users.noreply.github.com',
      account: null,
    };
    const a = classifyCommit(aCommit({ author: person, committer: stainless, message: 'Fix' }), catalogue);
    expect(a.author.classification.kind).toBe('human');
    expect(a.committer.classification).toMatchObject({ kind: 'automation', agent: { id: 'stainless' } });
    expect(a.markers).toEqual([]);
  });
});
