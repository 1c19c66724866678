import { describe, expect, it } from 'vitest';
import type { Account } from '../../../src/core/snapshot.js';
import { alice, copilotAgent, copilotAgentGit } from '../../builders/identities.js';
import { aSnapshot } from '../../builders/snapshot.js';
import { verdictOf } from './helpers.js';

/** A GitHub App the catalogue has never heard of (an agent under the default `unknown_bots`). */
const uncatalogued = (login: string, id: number): Account => ({ login, id, type: 'Bot' });

/** A PR a human wrote, opened by one uncatalogued app and pushed by another. */
const openedAndPushedByBots = (opener: Account, pusher: Account) =>
  aSnapshot().openedBy(opener).withCommit(alice.git).pushedBy(pusher);

const agentLabels = (labels: readonly string[]) => labels.filter((label) => label.startsWith('agent:'));

describe('bots missing from the catalogue', () => {
  it('are told apart by their login: each is named in the headline and gets its own label', () => {
    const verdict = verdictOf(
      openedAndPushedByBots(uncatalogued('shiny-helper', 71001), uncatalogued('release-herder', 71002)),
    );
    expect(verdict.agents.map((agent) => agent.name)).toEqual([
      'unknown bot @shiny-helper',
      'unknown bot @release-herder',
    ]);
    expect(verdict.headline).toBe(
      'Waiting for 1 approval from a human who took no part (unknown bot @shiny-helper and unknown bot @release-herder involved)',
    );
    expect(agentLabels(verdict.labels)).toEqual(['agent:release-herder', 'agent:shiny-helper']);
  });

  it('name three agents as a list: "A, B and C"', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(uncatalogued('shiny-helper', 71001))
        .withCommit(copilotAgentGit)
        .pushedBy(uncatalogued('release-herder', 71002)),
    );
    expect(verdict.headline).toMatch(
      /\(unknown bot @shiny-helper, GitHub Copilot and unknown bot @release-herder involved\)$/,
    );
  });

  it('get a label made label-safe from the login: odd characters become one dash, none at either end', () => {
    const verdict = verdictOf(
      openedAndPushedByBots(
        uncatalogued('--Shiny..Helper--', 71001),
        uncatalogued('.release.herder-.', 71002),
      ),
    );
    expect(agentLabels(verdict.labels)).toEqual(['agent:release-herder', 'agent:shiny-helper']);
  });

  it('get a label of at most 40 characters, however long the login', () => {
    const login = `acme-${'x'.repeat(50)}`;
    const verdict = verdictOf(openedAndPushedByBots(uncatalogued(login, 71001), uncatalogued(login, 71001)));
    expect(agentLabels(verdict.labels)).toEqual([`agent:${login.slice(0, 40)}`]);
  });

  it('never get a label ending in a dash where the cut falls', () => {
    const login = `${'a'.repeat(39)}-tail`;
    const verdict = verdictOf(openedAndPushedByBots(uncatalogued(login, 71001), uncatalogued(login, 71001)));
    expect(agentLabels(verdict.labels)).toEqual([`agent:${'a'.repeat(39)}`]);
  });

  it('whose login has nothing label-safe are labelled unknown-bot', () => {
    const verdict = verdictOf(openedAndPushedByBots(uncatalogued('__', 71001), uncatalogued('__', 71001)));
    expect(agentLabels(verdict.labels)).toEqual(['agent:unknown-bot']);
  });

  it('whose login names an AI agent are labelled by their ai: id, not their login', () => {
    const bot = uncatalogued('acme-agent', 71003);
    const verdict = verdictOf(openedAndPushedByBots(bot, bot));
    expect(verdict.agents.map((agent) => agent.id)).toEqual(['ai:acme-agent']);
    expect(agentLabels(verdict.labels)).toEqual(['agent:ai:acme-agent']);
  });
});

describe('catalogued agents', () => {
  it('are labelled by their catalogue id', () => {
    const verdict = verdictOf(
      aSnapshot().openedBy(copilotAgent).withCommit(copilotAgentGit).pushedBy(copilotAgent),
    );
    expect(agentLabels(verdict.labels)).toEqual(['agent:copilot']);
  });

  it('an uncatalogued tool named by two footers that differ only in case is one agent', () => {
    const verdict = verdictOf(
      aSnapshot()
        .openedBy(alice.account)
        .withCommit(alice.git, (c) => c.line('🤖 Generated with [Acme Coder](https://acme.example/coder)'))
        .withCommit(alice.git, (c) => c.line('🤖 Generated with [acme coder](https://acme.example/coder)'))
        .pushedBy(alice.account),
    );
    expect(verdict.agents.map((agent) => agent.id)).toEqual(['ai:acme-coder']);
    expect(verdict.headline).toMatch(/\(Acme Coder \(not in the catalogue\) involved\)$/);
  });
});
