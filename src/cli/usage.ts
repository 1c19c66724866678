/** The help text: also the CLI's reference in the README, so keep the two in step. */
export const USAGE = `Usage: custody <command> [options]

Custody keeps a chain of custody on pull requests touched by AI coding agents:
an approval from a human who took no part, on the current head commit.

Commands:
  explain --snapshot <pr.json> [--policy <custody.yml>] [--json]
      Evaluate a saved snapshot and print the verdict (defaults: the built-in policy).
  explain <owner/repo#123> [--policy <custody.yml>] [--json] [--save-snapshot <pr.json>]
          [--database URL]
      Fetch a pull request read-only, with its base branch's policy, and print the verdict.
      Needs GITHUB_TOKEN; set GITHUB_API_URL for GitHub Enterprise Server or a local server.
      --save-snapshot writes the fetched snapshot for the offline mode.
      --database adds the PR's history from the custody ledger, as the app reads it.
  validate <custody.yml>...
      Check policy files; print every error as file:line:col key.path: message.
  schema snapshot|policy
      Print the JSON Schema of a snapshot file or of .github/custody.yml.
  audit export [--database URL] [--repo owner/name | --org org] [--since DATE] [--until DATE] [--format jsonl|csv]
      Stream the custody ledger's entries, with their hashes, in chain order.
  audit verify [--database URL]
      Recompute every repository's hash chain; exit 1 naming the first broken entry.
  audit report [--database URL] [--repo owner/name | --org org] [--since DATE] [--until DATE]
      Per repository: agent-involved PRs and merges by agent, independent approvals,
      bypasses, median time from last agent action to independent approval.
      The database is --database, else DATABASE_URL (postgres://… or a SQLite file),
      else ./.custody/custody.db.

Options:
  --json          Print the verdict as JSON instead of text.
  -h, --help      Show this help.
  -v, --version   Print the version.

Exit codes:
  0  satisfied, not applicable or overridden; the policy files are valid; the ledger verifies
  1  waiting for an independent human approval, or blocked; the ledger is broken
  2  bad input (unreadable or invalid snapshot or policy, bad arguments) or an evaluation error
`;
