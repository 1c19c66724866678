/** The HTTP status of an Octokit error (`RequestError.status`), or null for anything else. */
export function httpStatusOf(error: unknown): number | null {
  const status = (error as { status?: unknown } | null)?.status;
  return typeof status === 'number' ? status : null;
}
