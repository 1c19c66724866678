import { describe, expect, test } from 'vitest';
import { useEnvironment } from './use-environment.js';

/**
 * GitHub links fewer co-authors than a message names: only those in the final trailer block,
 * and only through verified emails. What GitHub does not link, Custody still names in the
 * chain, as unattributed, and a policy can block on it; it never drops a co-author silently.
 */

const env = useEnvironment();

const CLAUDE = 'Co-authored-by: Claude <noreply@anthropic.com>';

async function openClaudePr(branch: string, base: string, message: string) {
  return env.act(() =>
    env.sim.drivers.openPullRequest({
      as: 'alice',
      head: branch,
      base,
      title: 'Cache widgets',
      commits: [{ message, files: { 'src/cache.js': 'export {};\n' } }],
    }),
  );
}

const NOTE = /1 commit has an author or co-author GitHub links to no account: [0-9a-f]{7}/;

describe('co-authors GitHub does not link', () => {
  test('a co-author with an unverified email is named in the chain as unattributed', async () => {
    // bob added this address to his account but never verified it: GitHub links it to nobody.
    expect(env.sim.store.accountByLogin('bob').unverifiedEmails).toContain('bob.okafor@home.example');
    expect(env.sim.store.accountForEmail('bob.okafor@home.example')).toBeUndefined();
    const pr = await openClaudePr(
      'alice/unverified-co-author',
      'main',
      `Cache widget lookups\n\nCo-authored-by: Bob Okafor <bob.okafor@home.example>\n${CLAUDE}`,
    );
    let view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('action_required');
    const summary = view.check?.summary ?? '';
    expect(summary).toMatch(
      /\| co-author \| Bob Okafor &lt;bob\.okafor@\u200dhome\.example&gt; \| human \|[^\n]*linked to no account/,
    );
    // The default policy flags it: a note names the commit.
    expect(summary).toMatch(NOTE);
    // Nothing ties that address to @bob, so under `flag` his approval counts, with the note kept
    // for the reviewer to weigh; `unattributed_commits: block` is the policy that refuses it.
    await env.act(() => env.sim.drivers.submitReview({ as: 'bob', number: pr.number, state: 'APPROVED' }));
    view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('success');
    expect(view.check?.summary).toMatch(NOTE);
  }, 60_000);

  test('a policy that blocks unattributed commits blocks on a co-author GitHub did not link', async () => {
    const d = env.sim.drivers;
    await d.changePolicy({ as: 'erin', branch: 'strict', text: 'unattributed_commits: block\n' });
    // Carol is named mid-message, outside the final trailer block: GitHub lists no co-author.
    const pr = await openClaudePr(
      'alice/mid-message-co-author',
      'strict',
      `Cache widget lookups\n\nCo-authored-by: Carol Nguyen <carol@acme.example>\n\nPaired with Carol.\n\n${CLAUDE}`,
    );
    let view = env.view(pr.number);
    expect(view.check?.summary).toMatch(/\| co-author \| Carol Nguyen &lt;carol@\u200dacme\.example&gt; \|/);
    expect(view.check?.summary).toMatch(
      /- \[ \] ⛔ \*\*Every commit's author and co-authors are linked to GitHub accounts\*\*/,
    );
    // Custody cannot tell that carol is the co-author, so her approval alone must not clear it.
    await env.act(() => d.submitReview({ as: 'carol', number: pr.number, state: 'APPROVED' }));
    view = env.view(pr.number);
    expect(view.check?.conclusion).toBe('failure');
    expect(view.checkRuns).toHaveLength(1);
  }, 60_000);
});
