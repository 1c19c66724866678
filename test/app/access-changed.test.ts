import { describe, expect, it } from 'vitest';
import { planAccessChanged } from '../../src/app/handlers/access-changed.js';
import { inRepository, loadWebhook } from '../fixtures/webhooks/load-webhook.js';

const repo = inRepository('acme', 'rocket');
const installation = { installation: { id: 7 } };
const organization = { organization: { login: 'acme' } };

describe('planAccessChanged', () => {
  it('a collaborator’s access changed on a repository: that repository’s open PRs', () => {
    for (const action of ['added', 'edited'] as const) {
      const payload = loadWebhook('member', action, repo as never);
      expect(planAccessChanged('member', payload, 'd')).toEqual([
        {
          priority: 'background',
          work: {
            kind: 'find_open',
            target: { installationId: 7, owner: 'acme', repo: 'rocket' },
            base: null,
            baseSha: null,
            trigger: { event: `member.${action}`, deliveryId: 'd', force: false },
          },
        },
      ]);
    }
  });

  it('a team left or joined a repository: that repository’s open PRs', () => {
    const payload = loadWebhook('team', 'removed_from_repository', repo as never);
    expect(planAccessChanged('team', payload, 'd').map((p) => [p.priority, p.work.kind])).toEqual([
      ['background', 'find_open'],
    ]);
  });

  it('a team’s members changed, or someone left the organisation: every repository of the installation', () => {
    const membership = loadWebhook('membership', 'removed', { ...installation, ...organization } as never);
    const left = {
      ...loadWebhook('organization', 'member_added', { ...installation, ...organization } as never),
      action: 'member_removed',
    };
    for (const [name, payload] of [
      ['membership', membership],
      ['organization', left],
    ] as const) {
      expect(planAccessChanged(name, payload, 'd')).toEqual([
        {
          priority: 'background',
          work: {
            kind: 'find_governed',
            target: { installationId: 7, owner: 'acme', repo: '*' },
            except: null,
            trigger: expect.objectContaining({ event: `${name}.${payload.action}` }),
          },
        },
      ]);
    }
  });

  it('ignores changes that cannot change an approval, and events with no installation', () => {
    const invited = loadWebhook('organization', 'member_invited', {
      ...installation,
      ...organization,
    } as never);
    expect(planAccessChanged('organization', invited, 'd')).toEqual([]);
    const created = loadWebhook('team', 'created', { ...installation, ...organization } as never);
    expect(planAccessChanged('team', created, 'd')).toEqual([]);
    const noInstallation = { ...loadWebhook('member', 'added', repo as never), installation: null };
    expect(planAccessChanged('member', noInstallation, 'd')).toEqual([]);
  });
});
