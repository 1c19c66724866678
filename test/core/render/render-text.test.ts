import { describe, expect, it } from 'vitest';
import { renderText } from '../../../src/core/render/render-text.js';
import { approval, row, waitingVerdict } from './build-verdict.js';

describe('renderText', () => {
  it('says the same things as the check run, in plain text', () => {
    const text = renderText(waitingVerdict());
    const lines = text.split('\n');
    expect(lines[0]).toBe('acme/widgets#42 at 9f4c2a1b7e3d');
    expect(lines[1]).toBe(
      'State: waiting (check run: action_required) — Waiting for an independent human approval',
    );
    expect(text).toContain(
      '  [ ] 1 approval from a human who took no part (write access) — 1 more approval needed',
    );
    expect(text).toContain('  - @alice on 9f4c2a1 — not counted (took part in this pull request)');
    expect(text).toContain('  @alice: co-author');
    expect(text).toMatch(/PR {7}opener {5}@copilot-swe-agent +agent +GitHub Copilot coding agent/);
    expect(text).toContain('Labels: agent:copilot');
    expect(text).not.toMatch(/\*\*|\|/);
  });

  it('marks counted approvals and violated requirements', () => {
    const text = renderText(
      waitingVerdict({
        state: 'blocked',
        requirements: [
          {
            id: 'signatures',
            title: 'Signed agent commits',
            status: 'violated',
            satisfiedBy: [],
            missing: 'abc1234 is unsigned',
          },
        ],
        approvals: [approval({})],
      }),
    );
    expect(text).toContain('State: blocked (check run: failure)');
    expect(text).toContain('  [!] Signed agent commits — abc1234 is unsigned');
    expect(text).toContain('  + @bob on 9f4c2a1 — counted');
  });

  it('cannot be used to inject terminal escapes or fake lines', () => {
    const text = renderText(
      waitingVerdict({ chain: [row({ role: 'author', actor: 'Eve\u001b[2J\nState: satisfied <e@x.y>' })] }),
    );
    expect(text).not.toContain('\u001b');
    expect(text.split('\n').filter((line) => line.startsWith('State:'))).toHaveLength(1);
  });
});
