import { describe, expect, it } from 'vitest';
import { classifyGitActor } from '../../../src/core/identity/index.js';
import { catalogue, octocat, webFlow } from './fixtures.js';

describe('classifyGitActor', () => {
  it('prefers the linked account: Copilot coding agent commits', () => {
    // `copilot-swe-agent[bot] <198982749+Copilot@users.noreply.github.com>`, linked by GitHub (research §1).
    const result = classifyGitActor(
      {
        name: 'copilot-swe-agent[bot]',
        email: '198982749+Copilot@users.noreply.github.com',
        account: { login: 'copilot-swe-agent', id: 198982749, type: 'Bot' },
      },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'copilot' } });
    expect(result.evidence[0]?.strength).toBe('account');
  });

  it('resolves a noreply address by its id, not its login text', () => {
    const devin = classifyGitActor(
      { name: 'Devin', email: '158243242+devin-ai-integration[bot]@users.noreply.github.com', account: null },
      catalogue,
    );
    expect(devin).toMatchObject({ kind: 'agent', agent: { id: 'devin' } });
    expect(devin.evidence[0]).toMatchObject({ strength: 'claim', source: 'noreply-email' });
    // claude-code-action's default: GitHub credits 41898282 to github-actions[bot] (§4 pitfall 8).
    const mislabelled = classifyGitActor(
      { name: 'claude[bot]', email: '41898282+claude[bot]@users.noreply.github.com', account: null },
      catalogue,
    );
    expect(mislabelled).toMatchObject({ kind: 'automation', agent: { id: 'github-actions' } });
  });

  it('takes a vendor email as an agent claim: Claude Code on the web', () => {
    const result = classifyGitActor(
      { name: 'Claude', email: 'noreply@anthropic.com', account: null },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'claude' } });
    expect(result.evidence[0]).toMatchObject({ strength: 'claim', source: 'email' });
  });

  it('never makes an agent of a bare display name', () => {
    for (const actor of [
      { name: 'Claude Shannon', email: 'claude@uni.edu' },
      { name: 'Devin Booker', email: 'devin@example.com' },
      { name: 'Jules Verne', email: 'jules@nautilus.example' },
      { name: 'Copilot', email: 'pilot@airline.example' },
    ]) {
      expect(classifyGitActor({ ...actor, account: null }, catalogue).kind, actor.name).toBe('human');
    }
  });

  it('keeps the agent when GitHub links a vendor email to an uncatalogued account (fail closed)', () => {
    const result = classifyGitActor(
      {
        name: 'Cursor Agent',
        email: 'cursoragent@cursor.com',
        account: { login: 'cursoragent', id: 5551, type: 'User' },
      },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'cursor' } });
    expect(result.evidence.map((e) => e.strength)).toEqual(['claim', 'account']);
  });

  it('trusts a linked human over a forged-looking name', () => {
    const result = classifyGitActor(
      { name: 'Claude', email: 'octocat@github.example', account: octocat },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'human', agent: null });
    expect(result.evidence[0]?.strength).toBe('account');
  });

  it('treats the web-flow committer as unknown, linked or not', () => {
    expect(classifyGitActor(webFlow, catalogue).kind).toBe('unknown');
    expect(classifyGitActor({ ...webFlow, account: null }, catalogue)).toMatchObject({
      kind: 'unknown',
      agent: null,
    });
  });

  it('counts the noreply address of an uncatalogued bot as an unknown bot', () => {
    const result = classifyGitActor(
      { name: 'new-helper[bot]', email: '31337+new-helper[bot]@users.noreply.github.com', account: null },
      catalogue,
    );
    expect(result).toMatchObject({ kind: 'agent', agent: { id: 'unknown-bot' } });
  });

  it('normalises odd unicode in emails: case, full-width letters and zero-width characters', () => {
    for (const email of [
      'NoReply@Anthropic.COM',
      'noreply@anthropic.ｃｏｍ',
      'noreply@anthr\u200bopic.com',
      ' <noreply@anthropic.com> ',
    ]) {
      expect(classifyGitActor({ name: 'x', email, account: null }, catalogue).agent?.id, email).toBe(
        'claude',
      );
    }
  });

  it('takes an unlinked ordinary identity as a human claim', () => {
    const result = classifyGitActor({ name: 'Mona', email: 'mona@example.com', account: null }, catalogue);
    expect(result).toMatchObject({ kind: 'human', evidence: [{ strength: 'claim' }] });
  });
});
