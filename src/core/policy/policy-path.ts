/** Where the policy lives in a repository (and in the organisation's `.github` repository). */
export const POLICY_PATH = '.github/custody.yml';
