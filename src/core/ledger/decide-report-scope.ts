/**
 * Who sees which rows of an organisation's report: an owner sees every repository; any other
 * member only those GitHub says they can access among the installation's (so private
 * repositories' pull requests and logins reach only people who can read them).
 */
export type ReportViewer =
  | { readonly role: 'owner' }
  | {
      readonly role: 'member';
      /** `owner/name` of the installation's repositories the member can access. */
      readonly readable: readonly string[];
    };

/** The repositories (`owner/name`, lower-cased, sorted) the viewer may see in `org`'s report; undefined: all of them. */
export function decideReportRepositories(org: string, viewer: ReportViewer): readonly string[] | undefined {
  if (viewer.role === 'owner') return undefined;
  const prefix = `${org.toLowerCase()}/`;
  const names = viewer.readable.map((name) => name.toLowerCase()).filter((name) => name.startsWith(prefix));
  return [...new Set(names)].sort();
}
