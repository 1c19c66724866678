/**
 * Injected failures, for tests of how the app behaves when GitHub misbehaves: a status code
 * with a body (a 502, a secondary rate limit), or a GraphQL answer that is a 200 carrying
 * `errors` and partial `data`. Each fault applies to the next `times` matching requests.
 */
export type FaultAnswer =
  | { readonly status: number; readonly body: unknown; readonly headers?: Record<string, string> }
  | { readonly graphqlErrors: string };

export interface Fault {
  readonly kind?: 'graphql' | 'rest';
  readonly method?: string;
  readonly path?: RegExp;
  readonly answer: FaultAnswer;
  times: number;
}

export class Faults {
  readonly #faults: Fault[] = [];

  add(fault: Fault): void {
    this.#faults.push(fault);
  }

  clear(): void {
    this.#faults.length = 0;
  }

  /** The answer for this request, if a fault matches it (spending one of its `times`). */
  take(request: { kind: 'graphql' | 'rest'; method: string; path: string }): FaultAnswer | null {
    const fault = this.#faults.find(
      (f) =>
        f.times > 0 &&
        (f.kind === undefined || f.kind === request.kind) &&
        (f.method === undefined || f.method === request.method) &&
        (f.path === undefined || f.path.test(request.path)),
    );
    if (!fault) return null;
    fault.times -= 1;
    return fault.answer;
  }
}

/** A 200 with partial data, as GitHub answers when part of a query failed: the first field nulled. */
export function withPartialFailure(
  result: Record<string, unknown>,
  message: string,
): Record<string, unknown> {
  const data = (result.data ?? null) as Record<string, unknown> | null;
  const first = data ? Object.keys(data)[0] : undefined;
  return {
    data: data && first ? { ...data, [first]: null } : null,
    errors: [
      ...((result.errors as unknown[] | undefined) ?? []),
      { type: 'SERVICE_UNAVAILABLE', path: first ? [first] : [], locations: [], message },
    ],
  };
}
