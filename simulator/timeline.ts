import type { PullRequestView } from './environment.js';

/** Terminal rendering of what a reviewer would see on the PR after each event of the demo. */

const useColour = process.stdout.isTTY === true && process.env.NO_COLOR === undefined;
const paint = (code: string) => (text: string) => (useColour ? `\u001b[${code}m${text}\u001b[0m` : text);
export const bold = paint('1');
export const dim = paint('2');
const green = paint('32');
const yellow = paint('33');
const red = paint('31');

const ICON: Record<string, string> = { success: '✅', action_required: '⏳', failure: '⛔' };

function conclusion(view: PullRequestView): string {
  const c = view.check;
  if (!c) return red('no check run');
  const text = `${ICON[c.conclusion ?? ''] ?? '•'} ${c.conclusion ?? c.status}`;
  const coloured =
    c.conclusion === 'success' ? green(text) : c.conclusion === 'action_required' ? yellow(text) : red(text);
  return `${coloured} — ${c.title ?? ''}`;
}

/** The comment without its hidden marker, Markdown emphasis and zero-width joiners. */
function commentLines(view: PullRequestView, count: number): string[] {
  const body = view.comments.at(-1)?.body;
  if (!body) return [];
  return body
    .split('\n')
    .map((line) =>
      line
        .replaceAll('\u200d', '')
        .replace(/\*\*/g, '')
        .replace(/^#+\s*/, '')
        .trimEnd(),
    )
    .filter((line) => line.trim() !== '' && !line.startsWith('<!--') && !line.startsWith('<sub>'))
    .slice(0, count);
}

export function renderEvent(time: string, text: string): string {
  return `\n${dim(time.slice(11, 16))}  ${bold(text)}`;
}

export function renderView(view: PullRequestView): string {
  const pad = '       ';
  const lines = [
    `${pad}check    ${conclusion(view)}`,
    `${pad}labels   ${view.labels.length > 0 ? view.labels.join(', ') : dim('none')}`,
  ];
  const comment = commentLines(view, 3);
  if (comment.length > 0) {
    lines.push(`${pad}comment  ${comment[0]}`);
    for (const line of comment.slice(1)) lines.push(`${pad}         ${dim(line)}`);
  }
  return lines.join('\n');
}
