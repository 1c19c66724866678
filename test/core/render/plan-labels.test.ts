import { describe, expect, it } from 'vitest';
import { planLabels } from '../../../src/core/render/plan-labels.js';

const labels = { enabled: true, prefix: 'agent:', handoff: 'agent-handoff' };

describe('planLabels', () => {
  it('adds missing provenance labels and removes stale managed ones', () => {
    expect(planLabels(['bug', 'agent:devin', 'agent-handoff'], ['agent:claude'], labels)).toEqual({
      add: ['agent:claude'],
      remove: ['agent:devin', 'agent-handoff'],
    });
  });

  it('never removes a label the app does not manage', () => {
    const plan = planLabels(['bug', 'agents-welcome', 'needs-review', 'handoff'], [], labels);
    expect(plan).toEqual({ add: [], remove: [] });
  });

  it('does nothing when the PR already carries exactly the wanted labels, whatever their case', () => {
    expect(planLabels(['Agent:Claude', 'bug'], ['agent:claude'], labels)).toEqual({ add: [], remove: [] });
  });

  it('never adds a label it could not later remove, nor the same label twice', () => {
    expect(planLabels([], ['bug', 'agent:claude', 'AGENT:claude'], labels)).toEqual({
      add: ['agent:claude'],
      remove: [],
    });
  });

  it('follows a custom prefix and handoff label', () => {
    const custom = { enabled: true, prefix: 'ai/', handoff: 'ai-relay' };
    expect(planLabels(['agent:claude', 'ai/devin', 'ai-relay'], ['ai/copilot'], custom)).toEqual({
      add: ['ai/copilot'],
      remove: ['ai/devin', 'ai-relay'],
    });
  });

  it('touches nothing when labels are disabled', () => {
    expect(planLabels(['agent:claude'], ['agent:devin'], { ...labels, enabled: false })).toEqual({
      add: [],
      remove: [],
    });
  });
});
