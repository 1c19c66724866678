import type { ErrorObject, ValidateFunction } from 'ajv';
import { findOperation, requestValidator, responseValidator, webhookValidator } from './validators.js';

/**
 * Checks all the simulator's traffic against GitHub's published specs: every REST request the
 * app sends (the operation exists, its JSON body validates) and every answer the simulator gives
 * (a documented status, a body that validates), and every webhook payload it sends. Violations
 * are collected, not thrown, so the exchange goes on as it would; tests assert there are none.
 */
export class ContractCheck {
  readonly violations: string[] = [];
  /** Exchanges checked, for reports. */
  checked = 0;

  constructor(private readonly enabled = process.env.SIMULATOR_CONTRACT !== 'off') {}

  /** A request with its answer; `path` is without `/api/v3` and without the query. */
  checkRest(exchange: {
    readonly method: string;
    readonly path: string;
    readonly requestBody: unknown;
    readonly status: number;
    readonly responseBody: unknown;
  }): void {
    if (!this.enabled) return;
    this.checked += 1;
    this.#guard(`${exchange.method} ${exchange.path}`, () => this.#checkRest(exchange));
  }

  #checkRest(exchange: Parameters<ContractCheck['checkRest']>[0]): void {
    const { method, path, status } = exchange;
    const op = findOperation(method, path);
    if (!op) {
      // GitHub answers 404 to what it does not document; so does the simulator.
      if (status !== 404) this.#report(`${method} ${path}: no such operation in GitHub's REST description`);
      return;
    }
    const where = `${method} ${path} (${op.id})`;
    if (exchange.requestBody !== undefined) {
      const validate = requestValidator(op);
      if (validate === null) this.#report(`${where}: GitHub documents no request body`);
      else this.#validate(validate, exchange.requestBody, `${where} request body`);
    }
    const validate = responseValidator(op, status);
    if (validate === undefined) {
      // Error statuses are often undocumented; a success GitHub does not document is a simulator bug.
      if (status < 400) this.#report(`${where}: status ${status} is not documented`);
      return;
    }
    if (validate !== null && exchange.responseBody !== undefined) {
      this.#validate(validate, exchange.responseBody, `${where} ${status} response`);
    }
  }

  checkWebhook(event: string, payload: Record<string, unknown>): void {
    if (!this.enabled) return;
    this.checked += 1;
    const action = typeof payload.action === 'string' ? payload.action : null;
    this.#guard(`webhook ${event}.${action}`, () => {
      const validate = webhookValidator(event, action);
      if (validate === null)
        this.#report(`webhook ${event}.${action}: no such event in GitHub's webhook schemas`);
      else this.#validate(validate, payload, `webhook ${event}.${action ?? ''}`);
    });
  }

  /** A schema the validator cannot compile is a finding too, never an error in the exchange. */
  #guard(where: string, check: () => void): void {
    try {
      check();
    } catch (error) {
      this.#report(`${where}: cannot check (${(error as Error).message})`);
    }
  }

  /** Throws when anything did not validate (called as a test's environment stops). */
  assertClean(): void {
    if (this.violations.length === 0) return;
    const shown = this.violations.slice(0, 20).join('\n');
    throw new Error(
      `simulator: ${this.violations.length} exchanges break GitHub's published contract:\n${shown}`,
    );
  }

  #validate(validate: ValidateFunction, value: unknown, where: string): void {
    if (validate(value)) return;
    this.#report(`${where}: ${describeErrors(validate.errors ?? [])}`);
  }

  #report(violation: string): void {
    if (!this.violations.includes(violation)) this.violations.push(violation);
  }
}

function describeErrors(errors: readonly ErrorObject[]): string {
  // anyOf/oneOf branches repeat the same complaint: keep the distinct ones, a few.
  const lines = [
    ...new Set(errors.map((e) => `${e.instancePath || '/'} ${e.message ?? 'is invalid'}${detail(e)}`)),
  ];
  return lines.slice(0, 5).join('; ');
}

function detail(error: ErrorObject): string {
  const params = error.params as Record<string, unknown>;
  if (params.allowedValues) return ` (${JSON.stringify(params.allowedValues)})`;
  if (typeof params.additionalProperty === 'string') return ` (${params.additionalProperty})`;
  if (params.missingProperty) return '';
  return '';
}
