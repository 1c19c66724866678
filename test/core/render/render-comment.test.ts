import { describe, expect, it } from 'vitest';
import { COMMENT_MARKER, renderComment } from '../../../src/core/render/render-comment.js';
import { approval, HEAD, row, user, waitingVerdict } from './build-verdict.js';

function countMarkers(text: string): number {
  return text.split(COMMENT_MARKER).length - 1;
}

describe('renderComment', () => {
  it('starts with the marker, exactly once', () => {
    const body = renderComment(waitingVerdict());
    expect(body.startsWith(COMMENT_MARKER + '\n')).toBe(true);
    expect(countMarkers(body)).toBe(1);
  });

  it('tells reviewers which agents took part, who may not approve and what the policy requires', () => {
    const body = renderComment(waitingVerdict());
    expect(body).toContain('### Custody: agents took part in this pull request');
    expect(body).toContain(
      '**Agents involved:** GitHub Copilot coding agent (opened the pull request, authored 1 commit)',
    );
    expect(body).toContain('**May not approve:** @\u200dalice (co-author), because they took part.');
    expect(body).toContain('**Required before merge:** 1 approval');
  });

  it('does not change when an approval arrives, so a review costs one write (the check run)', () => {
    const waiting = renderComment(waitingVerdict());
    const satisfied = renderComment(
      waitingVerdict({
        state: 'satisfied',
        requirements: [
          {
            id: 'approvals',
            title: '1 approval from a human who took no part (write access)',
            status: 'met',
            satisfiedBy: ['bob'],
            missing: '',
          },
        ],
        approvals: [approval({})],
      }),
    );
    expect(satisfied).toBe(waiting);
  });

  it('names what approval cannot fix', () => {
    const body = renderComment(
      waitingVerdict({
        state: 'blocked',
        requirements: [
          {
            id: 'signatures',
            title: 'Agent commits are signed',
            status: 'violated',
            satisfiedBy: [],
            missing: '1 agent commit is unsigned',
          },
        ],
      }),
    );
    expect(body).toContain('**Approval cannot fix:** 1 agent commit is unsigned');
  });

  it('says so when a force-push removed every agent from the head', () => {
    const body = renderComment(
      waitingVerdict({
        state: 'not_applicable',
        agents: [],
        chain: [row({ role: 'author', actor: '@alice', account: user('alice') })],
        requirements: [],
      }),
    );
    expect(body).toContain(`No agent involvement on the current head (\`${HEAD.slice(0, 7)}\`)`);
    expect(body).not.toContain('May not approve');
    expect(countMarkers(body)).toBe(1);
  });

  it('says the evaluation failed, and why, when the verdict is an error', () => {
    const body = renderComment(
      waitingVerdict({
        state: 'error',
        headline: 'Custody could not decide: the policy .github/custody.yml is invalid',
        agents: [],
        chain: [],
        approvals: [],
      }),
    );
    expect(body).toContain('### ⚠️ Custody could not evaluate this pull request');
    expect(body).toContain(
      'Custody could not decide: the policy .github/custody.yml is invalid. The check fails',
    );
    expect(countMarkers(body)).toBe(1);
  });

  it('mentions nobody and lets no forged marker or HTML through', () => {
    const evil = `@acme/everyone ${COMMENT_MARKER} <img src=x onerror=alert(1)> | \`x\``;
    const body = renderComment(
      waitingVerdict({
        agents: [{ id: 'evil', name: evil }],
        chain: [row({ role: 'committer', actor: evil, account: user(evil) })],
        requirements: [{ id: 'path:x', title: evil, status: 'missing', satisfiedBy: [], missing: evil }],
      }),
    );
    expect(countMarkers(body)).toBe(1);
    expect(body).not.toMatch(/@[\w-]/);
    expect(body).not.toContain('<img');
  });

  it('stays short on a PR with many participants', () => {
    const chain = Array.from({ length: 500 }, (_, i) =>
      row({ role: 'author', actor: `@dev${i}`, account: user(`dev${i}`, i + 10) }),
    );
    const body = renderComment(waitingVerdict({ chain }));
    expect(body).toContain('and 490 more');
    expect(body.length).toBeLessThan(3_000);
  });
});
