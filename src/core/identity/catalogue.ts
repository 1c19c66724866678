import type { AgentEntry, AutomationEntry } from './types.js';

/**
 * The built-in catalogue: how AI agents and non-AI automation show up on GitHub. Pure data.
 * Every value comes from docs/research/agent-identities.md (cited per entry as `§1 <row>`,
 * with its confidence: V verified, E evidence, T third-party list, G guess). Numeric ids are
 * only those the research gives; none is invented. Adding an agent is one entry here, and
 * test/core/identity/catalogue.test.ts checks that each of its signals is detected.
 *
 * Deliberately left out: review-summary markers of AI reviewers in PR bodies ("Summary by
 * CodeRabbit/Sourcery", Greptile's confidence score), because they show a reviewer summarised
 * the PR, not that an agent wrote it; the disputed `claude` user 81847 (§1 "Claude (other
 * accounts)": may be a human); `support@github.com`, `noreply@google.com` and other shared
 * addresses (§4 pitfall 6).
 */
export const BUILT_IN_AGENTS: readonly AgentEntry[] = [
  {
    id: 'copilot',
    name: 'GitHub Copilot',
    source:
      '§1 Copilot coding agent (E/V), Copilot code review (V/E), suggestions/Autofix (E), Copilot CLI (E), VS Code co-author (V), other IDs (T); §4 pitfalls 2-3; `Agent-Logs-Url`/`Copilot-Session` trailers in Z3Prover/z3 history (E)',
    accounts: [
      // Coding agent: REST `Copilot`, GraphQL `copilot-swe-agent`, commits as `copilot-swe-agent[bot]`.
      { login: 'Copilot', aliases: ['copilot-swe-agent[bot]'], id: 198982749, type: 'Bot' },
      // Code review: `copilot-pull-request-reviewer[bot]` on reviews, `Copilot` on review comments.
      { login: 'copilot-pull-request-reviewer[bot]', aliases: ['Copilot'], id: 175728472, type: 'Bot' },
      // "Copilot chat" (T).
      { login: 'copilot[bot]', id: 167198135, type: 'Bot' },
      // Copilot CLI / VS Code noreply id; which account it is was not established (§6).
      { login: null, id: 223556219, type: null },
    ],
    // Old VS Code `git.addAICoAuthor` address; maps to no account (V).
    emails: ['copilot@github.com'],
    coAuthors: [
      { name: 'copilot-swe-agent[bot]', email: '198982749+Copilot@users.noreply.github.com' },
      { name: 'Copilot', email: '175728472+Copilot@users.noreply.github.com' },
      { name: 'Copilot Autofix powered by AI', email: '175728472+Copilot@users.noreply.github.com' },
      { name: 'Copilot', email: '223556219+Copilot@users.noreply.github.com' },
      { name: 'Copilot', email: 'copilot@github.com' },
    ],
    // Coding-agent and CLI session links, on the agent's commits and on squashes of them (E:
    // Z3Prover/z3, go-kratos/kratos histories).
    trailers: [{ key: 'Agent-Logs-Url' }, { key: 'Copilot-Session' }],
    toolNames: ['copilot'],
    bodyMarkers: [
      '<!-- START COPILOT CODING AGENT SUFFIX -->',
      '<!-- START COPILOT ORIGINAL PROMPT -->',
      '<!-- START COPILOT CODING AGENT TIPS -->',
      "Thanks for assigning this issue to me. I'm starting to work on it",
    ],
    branchPrefixes: ['copilot/'],
  },
  {
    id: 'claude',
    name: 'Claude Code',
    source:
      '§1 Claude Code (V), Claude Code on the web (E), Claude GitHub App (V), claude-code-action (V), Claude other accounts (T)',
    accounts: [
      // Claude GitHub App; claude-code-action `CLAUDE_APP_BOT_ID = 209825114` (V).
      { login: 'claude[bot]', id: 209825114, type: 'Bot' },
      { login: 'anthropic-claude[bot]', id: 215619710, type: 'Bot' },
      { login: 'claude-code-action[bot]', id: 208546643, type: 'Bot' },
      // Machine user `Claude` (T). Compared by id, so the human-looking `claude` (81847) is not it.
      { login: 'Claude', id: 242468646, type: 'User' },
      // GraphQL PR-opener login (T); GraphQL drops `[bot]`.
      { login: 'anthropic-code-agent[bot]', id: null, type: 'Bot' },
      // `Claude Code <claude-code[bot]@users.noreply.github.com>` (E: claude-code-action history).
      { login: 'claude-code[bot]', id: null, type: 'Bot' },
    ],
    emails: ['noreply@anthropic.com'],
    coAuthors: [
      { name: 'Claude', email: 'noreply@anthropic.com' },
      { name: 'Claude Opus 4.6 (1M context)', email: 'noreply@anthropic.com' },
      { name: 'claude[bot]', email: '209825114+claude[bot]@users.noreply.github.com' },
    ],
    trailers: [{ key: 'Claude-Session' }],
    toolNames: ['claude', 'claude-code'],
    // With or without the robot emoji, which may arrive mojibaked (`馃`): match the text only.
    footers: ['Generated with [Claude Code]', 'Generated with Claude Code', 'claude.ai/code/session_'],
    bodyMarkers: ['claude.ai/code/session_'],
    branchPrefixes: ['claude/'],
  },
  {
    id: 'codex',
    name: 'OpenAI Codex',
    source: '§1 OpenAI Codex cloud (E), Codex CLI (V), Codex other identities (T/E)',
    accounts: [
      { login: 'chatgpt-codex-connector[bot]', id: 199175422, type: 'Bot' },
      { login: 'openai-codex[bot]', id: 215057067, type: 'Bot' },
      { login: 'codex', id: 267193182, type: 'User' },
      { login: 'Codex', id: 242516109, type: 'User' },
      { login: 'openai-code-agent[bot]', id: null, type: 'Bot' },
    ],
    // `noreply@openai.com` is the CLI default (opt-in); `codex@example.com` an early cloud placeholder.
    emails: ['noreply@openai.com', 'codex@openai.com', 'codex@example.com'],
    coAuthors: [{ name: 'Codex', email: 'noreply@openai.com' }],
    toolNames: ['codex'],
    bodyMarkers: ['chatgpt.com/codex/tasks/task_'],
    branchPrefixes: ['codex/'],
  },
  {
    id: 'devin',
    name: 'Devin',
    source: '§1 Devin (E), Devin CLI/local (E)',
    accounts: [{ login: 'devin-ai-integration[bot]', id: 158243242, type: 'Bot' }],
    coAuthors: [
      { name: 'Devin', email: '158243242+devin-ai-integration[bot]@users.noreply.github.com' },
      { name: 'Devin AI', email: '158243242+devin-ai-integration[bot]@users.noreply.github.com' },
    ],
    toolNames: ['devin'],
    footers: ['Generated with [Devin]'],
    bodyMarkers: ['app.devin.ai/sessions/', 'Link to Devin run'],
    branchPrefixes: ['devin/'],
    // `Requested by: @user` (or `Requested by: <name (email)>`, which names no login).
    requesterPhrases: ['Requested by'],
  },
  {
    id: 'jules',
    name: 'Google Jules',
    source: '§1 Google Jules (E)',
    accounts: [{ login: 'google-labs-jules[bot]', id: 161369871, type: 'Bot' }],
    coAuthors: [
      { name: 'google-labs-jules[bot]', email: '161369871+google-labs-jules[bot]@users.noreply.github.com' },
    ],
    toolNames: ['jules'],
    bodyMarkers: ['PR created automatically by Jules', 'jules.google.com/task/'],
    // `*PR created automatically by Jules for task [id](…) started by @user*`
    requesterPhrases: ['started by'],
  },
  {
    id: 'cursor',
    name: 'Cursor',
    source:
      '§1 Cursor Bugbot / cloud-agent app (E), Cursor agent (V/E; other emails T), Cursor body/branch (E)',
    accounts: [{ login: 'cursor[bot]', id: 206951365, type: 'Bot' }],
    emails: ['cursoragent@cursor.com', 'agent@cursor.com', 'composer@anysphere.co', 'cursor@agent'],
    coAuthors: [
      { name: 'Cursor', email: 'cursoragent@cursor.com' },
      { name: 'Cursor Agent', email: 'cursoragent@cursor.com' },
    ],
    trailers: [{ key: 'Made-with', value: 'Cursor' }],
    toolNames: ['cursor'],
    footers: ['Made with [Cursor]'],
    bodyMarkers: [
      '<!-- CURSOR_AGENT_PR_BODY_BEGIN -->',
      'cursor.com/agents/bc-',
      'cursor.com/background-agent?bcId=bc-',
    ],
    branchPrefixes: ['cursor/'],
  },
  {
    id: 'aider',
    name: 'Aider',
    source:
      '§1 Aider author/committer name (V), Aider co-author (V); `noreply@aider.dev` co-authors in Aider-AI/aider history (E)',
    // `aider@aider.chat` since v0.85 (commit e2d3fc459); docs still say `noreply@aider.chat`;
    // some versions wrote `noreply@aider.dev`.
    emails: ['aider@aider.chat', 'noreply@aider.chat', 'noreply@aider.dev'],
    coAuthors: [{ name: 'aider (anthropic/claude-sonnet-4)', email: 'aider@aider.chat' }],
    toolNames: ['aider'],
    messagePrefixes: ['aider: '],
    nameSuffixes: [' (aider)'],
  },
  {
    id: 'amazon-q',
    name: 'Amazon Q Developer',
    source: '§1 Amazon Q Developer (E/T)',
    accounts: [{ login: 'amazon-q-developer[bot]', id: 208079219, type: 'Bot' }],
    toolNames: ['amazon-q', 'amazonq'],
    branchPrefixes: ['Q-DEV-issue-'],
  },
  {
    id: 'kiro',
    name: 'Kiro',
    source: '§1 Kiro (E login / T ids)',
    accounts: [
      { login: 'kiro-agent[bot]', id: 245459735, type: 'Bot' },
      { login: 'kiro-agent', id: 244629292, type: 'User' },
    ],
    toolNames: ['kiro'],
    bodyMarkers: ['created by @kiro-agent', 'app.kiro.dev/session/'],
    // "This pull request was created by @kiro-agent on behalf of…" (the rest is not in the research).
    requesterPhrases: ['on behalf of'],
  },
  {
    id: 'gemini',
    name: 'Gemini',
    source:
      '§1 Gemini Code Assist (E/T), Gemini CLI (V no trailer / G conventions), Gemini CLI GitHub Action (E/T)',
    accounts: [
      { login: 'gemini-code-assist[bot]', id: 176961590, type: 'Bot' },
      { login: 'gemini-cli[bot]', id: 218312386, type: 'Bot' },
      { login: 'gemini-cli', id: 218195315, type: 'User' },
    ],
    emails: ['gemini-cli@google.com', 'gemini@google.com'],
    coAuthors: [
      {
        name: 'gemini-code-assist[bot]',
        email: '176961590+gemini-code-assist[bot]@users.noreply.github.com',
      },
      { name: 'gemini-cli', email: '218195315+gemini-cli@users.noreply.github.com' },
      // The action's workflow example: a noreply address without an id.
      { name: 'gemini-cli[bot]', email: 'gemini-cli[bot]@users.noreply.github.com' },
    ],
    toolNames: ['gemini', 'gemini-cli'],
  },
  {
    id: 'coderabbit',
    name: 'CodeRabbit',
    source: '§1 CodeRabbit (E)',
    accounts: [
      { login: 'coderabbitai[bot]', id: 136622811, type: 'Bot' },
      { login: 'coderabbit[bot]', id: null, type: 'Bot' },
    ],
    coAuthors: [{ name: 'coderabbitai[bot]', email: '136622811+coderabbitai[bot]@users.noreply.github.com' }],
    toolNames: ['coderabbit', 'coderabbitai'],
  },
  {
    id: 'openhands',
    name: 'OpenHands',
    source: '§1 OpenHands (V), OpenHands resolver (E; openhands-ai[bot] T)',
    accounts: [
      { login: 'openhands-agent', id: null, type: 'User' },
      { login: 'openhands-ai[bot]', id: null, type: 'Bot' },
    ],
    emails: ['openhands@all-hands.dev'],
    coAuthors: [{ name: 'openhands', email: 'openhands@all-hands.dev' }],
    toolNames: ['openhands'],
    bodyMarkers: ['Automatic fix generated by [OpenHands]'],
    branchPrefixes: ['openhands-fix-issue-', 'openhands-fix-pr-'],
  },
  {
    id: 'amp',
    name: 'Amp',
    source: '§1 Amp (E; amp@sourcegraph.com T)',
    emails: ['amp@ampcode.com', 'amp@sourcegraph.com'],
    coAuthors: [{ name: 'Amp', email: 'amp@ampcode.com' }],
    trailers: [{ key: 'Amp-Thread' }, { key: 'Amp-Thread-ID' }],
    toolNames: ['amp'],
    bodyMarkers: ['ampcode.com/threads/'],
  },
  {
    id: 'opencode',
    name: 'opencode',
    source: '§1 opencode (V), opencode GitHub agent (E)',
    accounts: [{ login: 'opencode-agent[bot]', id: null, type: 'Bot' }],
    emails: ['noreply@opencode.ai'],
    coAuthors: [{ name: 'opencode', email: 'noreply@opencode.ai' }],
    toolNames: ['opencode'],
    // `Generated by [OpenCode](https://opencode.ai/)` (E: code-yeongyu/oh-my-opencode history).
    footers: ['Generated with [opencode]', 'Generated by [opencode]'],
  },
  {
    id: 'oh-my-opencode',
    name: 'oh-my-opencode (Sisyphus)',
    source:
      'code-yeongyu/oh-my-opencode history (E): the Sisyphus agent commits as machine user `sisyphus-dev-ai` and signs `🤖 Generated with assistance of [OhMyOpenCode](…)`',
    accounts: [{ login: 'sisyphus-dev-ai', id: null, type: 'User' }],
    footers: [
      'Generated with assistance of OhMyOpenCode',
      'Generated with assistance of [OhMyOpenCode]',
      'Generated with [OhMyOpenCode]',
      'Generated with assistance of oh-my-opencode',
    ],
    toolNames: ['ohmyopencode', 'oh-my-opencode', 'sisyphus'],
  },
  {
    id: 'pi',
    name: 'pi coding agent',
    source: 'badlogic/pi-mono history (E): `Co-authored-by: pi <pi@badlogic.games>`',
    emails: ['pi@badlogic.games'],
    coAuthors: [{ name: 'pi', email: 'pi@badlogic.games' }],
    toolNames: ['pi-coding-agent'],
  },
  {
    id: 'warp',
    name: 'Warp (Oz)',
    source: '§1 Warp agent "Oz" (E); §4 pitfall 9 (Warp → Oz)',
    emails: ['oz-agent@warp.dev', 'agent@warp.dev'],
    coAuthors: [
      { name: 'Oz', email: 'oz-agent@warp.dev' },
      { name: 'Warp', email: 'agent@warp.dev' },
    ],
    toolNames: ['warp', 'oz'],
  },
  {
    id: 'factory',
    name: 'Factory Droid',
    source: '§1 Factory Droid (E)',
    accounts: [{ login: 'factory-droid[bot]', id: 138933559, type: 'Bot' }],
    coAuthors: [
      { name: 'factory-droid[bot]', email: '138933559+factory-droid[bot]@users.noreply.github.com' },
    ],
    toolNames: ['factory', 'droid', 'factory-droid'],
  },
  {
    id: 'qodo',
    name: 'Qodo',
    source: '§1 Qodo (E/T); §4 pitfall 9 (same id renamed)',
    accounts: [
      { login: 'qodo-merge-pro[bot]', aliases: ['codiumai-pr-agent-pro[bot]'], id: 151058649, type: 'Bot' },
      { login: 'qodo-merge[bot]', id: 185363710, type: 'Bot' },
      { login: 'qodo-code-review[bot]', id: null, type: 'Bot' },
      { login: 'codiumai-pr-agent-free[bot]', id: null, type: 'Bot' },
    ],
    coAuthors: [
      {
        name: 'codiumai-pr-agent-pro[bot]',
        email: '151058649+codiumai-pr-agent-pro[bot]@users.noreply.github.com',
      },
    ],
    toolNames: ['qodo', 'codiumai'],
  },
  {
    id: 'greptile',
    name: 'Greptile',
    source: '§1 Greptile (E)',
    accounts: [
      { login: 'greptile-apps[bot]', id: 165735046, type: 'Bot' },
      { login: 'greptile-apps-staging[bot]', id: null, type: 'Bot' },
    ],
    coAuthors: [
      { name: 'greptile-apps[bot]', email: '165735046+greptile-apps[bot]@users.noreply.github.com' },
    ],
    toolNames: ['greptile'],
  },
  {
    id: 'sourcery',
    name: 'Sourcery',
    source: '§1 Sourcery (E)',
    accounts: [{ login: 'sourcery-ai[bot]', id: 58596630, type: 'Bot' }],
    coAuthors: [{ name: 'sourcery-ai[bot]', email: '58596630+sourcery-ai[bot]@users.noreply.github.com' }],
    toolNames: ['sourcery'],
  },
  {
    id: 'windsurf',
    name: 'Windsurf',
    source:
      '§1 Windsurf / Codeium (E login); Cascade co-authors `Cascade AI <cascade@windsurf.ai>` in public changelogs and session notes (E), `Cascade (Windsurf) <noreply@codeium.com>` in a public detector test (T)',
    accounts: [{ login: 'windsurf-bot[bot]', id: 189301087, type: 'Bot' }],
    // Cascade writes under more than one domain (Codeium's, then Windsurf's).
    emails: ['cascade@windsurf.ai', 'noreply@codeium.com'],
    coAuthors: [{ name: 'Cascade AI', email: 'cascade@windsurf.ai' }],
    toolNames: ['windsurf', 'codeium', 'cascade'],
  },
  {
    id: 'continue',
    name: 'Continue',
    source: '§1 Continue CLI (V/E; continue[bot] T)',
    accounts: [{ login: 'continue[bot]', id: 230936708, type: 'Bot' }],
    emails: ['noreply@continue.dev'],
    coAuthors: [{ name: 'Continue', email: 'noreply@continue.dev' }],
    toolNames: ['continue'],
    footers: ['Generated with [Continue]'],
  },
  {
    id: 'qwen-code',
    name: 'Qwen Code',
    source: '§1 Qwen Code (V)',
    emails: ['qwen-coder@alibabacloud.com'],
    coAuthors: [{ name: 'Qwen-Coder', email: 'qwen-coder@alibabacloud.com' }],
    toolNames: ['qwen', 'qwen-code', 'qwen-coder'],
  },
  {
    id: 'crush',
    name: 'Crush',
    source: '§1 Crush (V)',
    emails: ['crush@charm.land'],
    coAuthors: [{ name: 'Crush', email: 'crush@charm.land' }],
    // `Assisted-by: Crush:[ModelID]` and `Assisted-by: <model> via Crush <crush@charm.land>`.
    toolNames: ['crush'],
    footers: ['Generated with Crush'],
  },
  {
    id: 'replit',
    name: 'Replit Agent',
    source: '§1 Replit Agent (E/T)',
    emails: ['agent@replit.com'],
    trailers: [{ key: 'Replit-Commit-Author' }, { key: 'Replit-Commit-Session-Id' }],
    toolNames: ['replit'],
  },
  {
    id: 'junie',
    name: 'JetBrains Junie',
    source: '§1 JetBrains Junie (G/T)',
    accounts: [{ login: 'jetbrains-ai[bot]', id: 220155983, type: 'Bot' }],
    emails: ['junie@jetbrains.com'],
    coAuthors: [{ name: 'Junie', email: 'junie@jetbrains.com' }],
    toolNames: ['junie'],
  },
  {
    id: 'cline',
    name: 'Cline',
    source: '§1 Cline (T)',
    accounts: [{ login: 'cline[bot]', id: 205137888, type: 'Bot' }],
    emails: ['noreply@cline.bot'],
    coAuthors: [{ name: 'Cline', email: 'noreply@cline.bot' }],
    toolNames: ['cline'],
  },
  {
    id: 'goose',
    name: 'Goose',
    source: '§1 Goose (T: block/aittributor writes it)',
    emails: ['opensource@block.xyz'],
    coAuthors: [{ name: 'Goose', email: 'opensource@block.xyz' }],
    toolNames: ['goose'],
  },
  {
    id: 'zed',
    name: 'Zed agent',
    source: '§1 Zed agent (G; assistant@zed.dev T). zed-zippy[bot] is automation, not this.',
    emails: ['noreply@zed.dev', 'assistant@zed.dev'],
    coAuthors: [{ name: 'Zed', email: 'noreply@zed.dev' }],
    toolNames: ['zed'],
  },
  {
    id: 'tabnine',
    name: 'Tabnine',
    source: '§1 Tabnine (G: no login or trailer found; aiblame guesses noreply@tabnine.com)',
    emails: ['noreply@tabnine.com'],
    toolNames: ['tabnine'],
  },
  {
    id: 'roo-code',
    name: 'Roo Code',
    source: '§1 Roo Code cloud "Roomote" (T)',
    accounts: [
      { login: 'roomote[bot]', id: 263205322, type: 'Bot' },
      { login: 'roomote-roomote[bot]', id: 301996811, type: 'Bot' },
    ],
    emails: ['roomote@roomote.dev'],
    toolNames: ['roo', 'roo-code', 'roomote'],
  },
  {
    id: 'kilo-code',
    name: 'Kilo Code',
    source: '§1 Kilo Code (T)',
    accounts: [{ login: 'kilo-code-bot[bot]', id: 240665456, type: 'Bot' }],
    toolNames: ['kilo', 'kilo-code', 'kilocode'],
  },
  {
    id: 'codegen',
    name: 'Codegen',
    source: '§1 Codegen (E)',
    accounts: [{ login: 'codegen-sh[bot]', id: null, type: 'Bot' }],
    toolNames: ['codegen'],
  },
  {
    id: 'sweep',
    name: 'Sweep',
    source: '§1 Sweep (T; id not found)',
    accounts: [{ login: 'sweep-ai[bot]', id: null, type: 'Bot' }],
    toolNames: ['sweep'],
  },
  {
    id: 'ellipsis',
    name: 'Ellipsis',
    source: '§1 Ellipsis (T)',
    accounts: [{ login: 'ellipsis-dev[bot]', id: 65095814, type: 'Bot' }],
    toolNames: ['ellipsis'],
  },
  {
    id: 'lovable',
    name: 'Lovable',
    source: '§1 Lovable / v0 / Bolt (T)',
    accounts: [
      { login: 'lovable-dev[bot]', id: null, type: 'Bot' },
      { login: 'gpt-engineer-app[bot]', id: null, type: 'Bot' },
    ],
    toolNames: ['lovable'],
  },
  {
    id: 'v0',
    name: 'v0',
    source: '§1 Lovable / v0 / Bolt (T)',
    accounts: [{ login: 'v0[bot]', id: null, type: 'Bot' }],
    toolNames: ['v0'],
  },
  {
    id: 'command-code',
    name: 'Command Code',
    source: '§1 Command Code (E)',
    emails: ['noreply@commandcode.ai'],
    coAuthors: [{ name: 'CommandCodeBot', email: 'noreply@commandcode.ai' }],
    toolNames: ['commandcode', 'command-code'],
  },
  {
    id: 'augment',
    name: 'Augment',
    source: '§1 Other review bots (T), Other CLI agents (T)',
    accounts: [{ login: 'augmentcode[bot]', id: null, type: 'Bot' }],
    emails: ['noreply@augmentcode.com'],
    toolNames: ['augment', 'augmentcode', 'auggie'],
  },
  {
    id: 'mistral-vibe',
    name: 'Mistral Vibe',
    source: '§1 Other CLI agents (T)',
    emails: ['vibe@mistral.ai'],
    toolNames: ['vibe', 'mistral-vibe'],
  },
  {
    id: 'kimi',
    name: 'Kimi',
    source: '§1 Other CLI agents (T)',
    emails: ['noreply@moonshot.ai'],
    toolNames: ['kimi'],
  },
  {
    id: 'grok',
    name: 'Grok Build',
    source: '§1 Other CLI agents (T)',
    emails: ['grok@x.ai', 'noreply@x.ai'],
    toolNames: ['grok'],
  },
  {
    id: 'antigravity',
    name: 'Antigravity',
    // Its address is some @google.com one, too broad to match (§4 pitfall 6): the name works only in AI trailers.
    source: '§1 Other CLI agents (T)',
    toolNames: ['antigravity'],
  },
  {
    id: 'entire',
    name: 'Entire (agent session)',
    source: '§1 EntireIO, git-ai (T); §2 tool-specific trailers',
    trailers: [{ key: 'Entire-Checkpoint' }, { key: 'Entire-Session' }, { key: 'Entire-Agent' }],
  },
  // AI review bots (§1 "Other review bots (AI)", T). Accounts only: they review, and their approvals never count.
  {
    id: 'macroscope',
    name: 'Macroscope',
    source: '§1 Other review bots (T)',
    accounts: [{ login: 'macroscopeapp[bot]', id: null, type: 'Bot' }],
    bodyMarkers: ["<!-- Macroscope's pull request summary starts here -->"],
  },
  {
    id: 'cubic',
    name: 'cubic',
    source: '§1 Other review bots (T)',
    accounts: [{ login: 'cubic-dev-ai[bot]', id: 191113872, type: 'Bot' }],
    bodyMarkers: ['<!-- This is an auto-generated description by cubic. -->'],
  },
  {
    id: 'codeant',
    name: 'CodeAnt AI',
    source: '§1 Other review bots (T)',
    accounts: [{ login: 'codeant-ai[bot]', id: 151821869, type: 'Bot' }],
  },
  {
    id: 'mentat',
    name: 'Mentat (MentatBot)',
    // Tagged as `@MentatBot` on issues (AbanteAI's setup README, E); no commit identity found.
    source: '§1 Other review bots (T); AbanteAI Mentat setup README (E)',
    accounts: [{ login: 'mentatbot[bot]', id: null, type: 'Bot' }],
    toolNames: ['mentat', 'mentatbot'],
  },
  {
    id: 'ai-reviewer',
    name: 'AI review bot',
    source: '§1 Other review bots (T): ids not given',
    accounts: [
      'korbit-ai[bot]',
      'baz-reviewer[bot]',
      'bito-code-review[bot]',
      'seer-by-sentry[bot]',
      'tembo[bot]',
      'gitauto-ai[bot]',
      'entelligence-ai-pr-reviews[bot]',
      'llamapreview[bot]',
      'recurseml[bot]',
      'what-the-diff[bot]',
    ].map((login) => ({ login, id: null, type: 'Bot' as const })),
  },
];

/** Non-AI automation (§3). Never agent involvement, never an approver. */
export const BUILT_IN_AUTOMATION: readonly AutomationEntry[] = [
  {
    id: 'dependabot',
    name: 'Dependabot',
    source: '§3 dependabot[bot] (E)',
    accounts: [
      { login: 'dependabot[bot]', id: 49699333, type: 'Bot' },
      { login: 'dependabot-preview[bot]', id: 27856297, type: 'Bot' },
    ],
  },
  {
    id: 'github-actions',
    name: 'GitHub Actions',
    // 41898282 is also what claude-code-action's default `bot_id` resolves to (§4 pitfall 8).
    source: '§3 github-actions[bot] (E)',
    accounts: [{ login: 'github-actions[bot]', id: 41898282, type: 'Bot' }],
    emails: ['actions@github.com'],
  },
  {
    id: 'stainless',
    name: 'Stainless SDK generator',
    // SDK code generation and release commits, and the committer of rebased human commits.
    source:
      'openai/openai-python and anthropics/anthropic-sdk-python histories (E): noreply addresses of stainless-app[bot] and stainless-bot, and `dev@stainlessapi.com`',
    accounts: [
      { login: 'stainless-app[bot]', id: 142633134, type: 'Bot' },
      { login: 'stainless-bot', id: 107565488, type: 'User' },
    ],
    emails: ['dev@stainlessapi.com'],
  },
  {
    id: 'release-please',
    name: 'release-please',
    source: 'googleapis/release-please history (E): release-please[bot] noreply address',
    accounts: [{ login: 'release-please[bot]', id: 55107282, type: 'Bot' }],
  },
  {
    id: 'googleapis-bots',
    name: 'Google Cloud repository automation',
    source:
      'googleapis/release-please history (E): gcf-owl-bot[bot] (code generation), gcf-merge-on-green[bot], google-cloud-policy-bot[bot] noreply addresses',
    accounts: [
      { login: 'gcf-owl-bot[bot]', id: 78513119, type: 'Bot' },
      { login: 'gcf-merge-on-green[bot]', id: 60162190, type: 'Bot' },
      { login: 'google-cloud-policy-bot[bot]', id: 80869356, type: 'Bot' },
    ],
  },
  {
    id: 'konflux',
    name: 'Konflux CI',
    source:
      'konflux-ci/build-definitions history (E): red-hat-konflux[bot] and rh-tap-build-team[bot] noreply addresses (pipeline and task updates)',
    accounts: [
      { login: 'red-hat-konflux[bot]', id: 126015336, type: 'Bot' },
      { login: 'rh-tap-build-team[bot]', id: 127938674, type: 'Bot' },
    ],
  },
  {
    id: 'changesets',
    name: 'Changesets',
    source:
      'changesets/changesets history (E): changesets-org-version-bot[bot] noreply address ("Version Packages")',
    accounts: [
      { login: 'changesets-org-version-bot[bot]', id: 288406890, type: 'Bot' },
      { login: 'changeset-bot[bot]', id: null, type: 'Bot' },
    ],
  },
  {
    id: 'project-bots',
    name: 'Project release bots',
    // One project's own bot each: releases, version bumps, generated files.
    source:
      'open-telemetry/opentelemetry-python (otelbot[bot]), openai/openai-python (openai-sdks[bot]), google-gemini/gemini-cli (gemini-cli-robot) histories (E)',
    accounts: [
      { login: 'otelbot[bot]', id: 197425009, type: 'Bot' },
      { login: 'openai-sdks[bot]', id: 284451331, type: 'Bot' },
      { login: 'gemini-cli-robot', id: 224641728, type: 'User' },
    ],
    emails: ['gemini-cli-robot@google.com'],
  },
  {
    id: 'renovate',
    name: 'Renovate',
    source: '§3 renovate[bot] (E/T); `Renovate Bot <bot@renovateapp.com>` in semantic-release history (E)',
    accounts: [{ login: 'renovate[bot]', id: 29139614, type: 'Bot' }],
    emails: ['bot@renovateapp.com'],
  },
  {
    id: 'pre-commit-ci',
    name: 'pre-commit.ci',
    source: '§3 pre-commit-ci[bot] / pre-commit-ci-lite[bot] (T/E)',
    accounts: [
      { login: 'pre-commit-ci[bot]', id: 66853113, type: 'Bot' },
      { login: 'pre-commit-ci-lite[bot]', id: 117423508, type: 'Bot' },
    ],
  },
  {
    id: 'mergify',
    name: 'Mergify',
    source: '§3 mergify[bot] (T/E)',
    accounts: [{ login: 'mergify[bot]', id: 37929162, type: 'Bot' }],
  },
  {
    id: 'imgbot',
    name: 'Imgbot',
    // The `.mailmap` id; lists also show 31427850 / 31427895 (unverified, left out).
    source: '§3 imgbot[bot] (E/T)',
    accounts: [{ login: 'imgbot[bot]', id: 31301654, type: 'Bot' }],
  },
  {
    id: 'github-merge-queue',
    name: 'GitHub merge queue',
    source: '§3 (T)',
    accounts: [{ login: 'github-merge-queue[bot]', id: 118344674, type: 'Bot' }],
  },
  {
    id: 'graphite',
    name: 'Graphite',
    // Dual role (merge queue and AI reviewer). As automation its approvals still never count,
    // and its merge-queue pushes do not mark every PR as agent-involved.
    source: '§3 graphite-app[bot] (T)',
    accounts: [{ login: 'graphite-app[bot]', id: 96075541, type: 'Bot' }],
  },
  {
    id: 'github-advanced-security',
    name: 'GitHub Advanced Security',
    // Copilot Autofix commits are credited to Copilot (175728472) through their co-author trailer.
    source: '§3 github-advanced-security[bot] (T)',
    accounts: [{ login: 'github-advanced-security[bot]', id: null, type: 'Bot' }],
  },
  {
    id: 'zed-zippy',
    name: "Zed's internal bot",
    source: '§1 Zed agent: zed-zippy[bot] is Zed’s own internal bot (G)',
    accounts: [{ login: 'zed-zippy[bot]', id: 234243425, type: 'Bot' }],
  },
  ...(
    [
      ['allcontributors', 'All Contributors', 'allcontributors[bot]', 46447321, 'Bot'],
      ['codecov', 'Codecov', 'codecov[bot]', 22429695, 'Bot'],
      ['greenkeeper', 'Greenkeeper', 'greenkeeper[bot]', 23040076, 'Bot'],
      ['semantic-release', 'semantic-release', 'semantic-release-bot', 32174276, 'User'],
      ['snyk', 'Snyk', 'snyk-bot', 19733683, 'User'],
      ['stale', 'Stale', 'stale[bot]', 26384082, 'Bot'],
      ['release-drafter', 'Release Drafter', 'release-drafter[bot]', 40829082, 'Bot'],
      ['kodiak', 'Kodiak', 'kodiakhq[bot]', 49736102, 'Bot'],
      ['scala-steward', 'Scala Steward', 'scala-steward', 43047562, 'User'],
      ['pyup', 'pyup.io', 'pyup-bot', 16239342, 'User'],
    ] as const
  ).map(([id, name, login, accountId, type]) => ({
    id,
    name,
    source: '§3 other automation (T)',
    accounts: [{ login, id: accountId, type }],
  })),
];

/**
 * GitHub's own committer for web edits, merges, squashes and API commits (§3, §4 pitfall 13):
 * a `User` account. It commits on the author's behalf, so it is neither agent nor automation.
 */
export const WEB_FLOW = {
  login: 'web-flow',
  id: 19864447,
  name: 'GitHub',
  email: 'noreply@github.com',
} as const;

/**
 * Trailer keys that disclose AI help whatever tool follows (§2): the value names the tool
 * (`Assisted-by: Claude:claude-3-opus`), or an unnamed assistant when it names none we know.
 */
export const AI_DISCLOSURE_TRAILERS: readonly string[] = [
  'Assisted-by',
  'Generated-by',
  'Synthesized-by',
  'AI-used-for',
  'AI-assisted',
  'AI-Assisted-By',
  'AI-Agent',
  'AI-Model',
  'AI-Tool',
  'AI-Generated',
  'Assisted-with',
  'Generated-with',
  'Co-created-with',
  // pi-style `Assistant-model: Qwen3.5-35B-A3B` / `Assistant-contribution: 100%`.
  'Assistant-model',
  'Assistant-contribution',
];

/** Trailer keys whose `Name <email>` value names a co-author of the commit. */
export const CO_AUTHOR_TRAILERS: readonly string[] = ['Co-authored-by', 'Co-developed-by'];
