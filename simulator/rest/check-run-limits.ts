import { utf8Length } from '../../src/core/render/fit-bytes.js';
import { unprocessable, validationFailed } from '../http/router.js';

/**
 * GitHub's limits on a check run's writable fields, as it answers them (measured on github.com
 * and documented in the REST reference):
 * - `title`, `summary`, `text`: at most 65,535 UTF-16 units, else 422 "Only 65535 characters are
 *   allowed; N were supplied.";
 * - `summary`: also at most 65,535 UTF-8 bytes, else 422 "summary exceeds a maximum bytesize of 65535";
 * - `text`: over 65,535 bytes is kept to its first 65,535 bytes, without a word;
 * - `title`: stored in a bounded field, longer ones cut without a word;
 * - `annotations`: at most 50 per request; `details_url`: an http(s) URL;
 * - `external_id`: kept to its first 255 characters.
 */
export const OUTPUT_CHARS = 65_535;
export const SUMMARY_BYTES = 65_535;
export const TEXT_BYTES = 65_535;
export const TITLE_BYTES = 1_024;
export const ANNOTATIONS_PER_REQUEST = 50;
export const EXTERNAL_ID_CHARS = 255;

export interface CheckRunOutputInput {
  readonly title: string;
  readonly summary: string;
  readonly text: string | null;
}

/** The output as GitHub stores it, or the 422 GitHub answers. */
export function limitOutput(output: Record<string, unknown>, docs: string): CheckRunOutputInput {
  for (const key of ['title', 'summary', 'text'] as const) {
    const value = output[key];
    if (typeof value === 'string' && value.length > OUTPUT_CHARS) {
      throw validationFailed(
        [`Invalid request.\n\nOnly ${OUTPUT_CHARS} characters are allowed; ${value.length} were supplied.`],
        docs,
      );
    }
  }
  const summary = output.summary as string;
  if (utf8Length(summary) > SUMMARY_BYTES) {
    throw unprocessable(`summary exceeds a maximum bytesize of ${SUMMARY_BYTES}`, docs);
  }
  const annotations = output.annotations;
  if (Array.isArray(annotations) && annotations.length > ANNOTATIONS_PER_REQUEST) {
    throw validationFailed(
      [
        `Invalid request.\n\nFor 'properties/annotations', ${annotations.length} items is more than the maximum of ${ANNOTATIONS_PER_REQUEST}.`,
      ],
      docs,
    );
  }
  const text = typeof output.text === 'string' ? cutBytes(output.text, TEXT_BYTES) : null;
  return { title: cutBytes(output.title as string, TITLE_BYTES), summary, text };
}

/** `details_url` as GitHub keeps it: null, or an http(s) URL (else 422). */
export function limitDetailsUrl(value: unknown, docs: string): string | null {
  if (value === null) return null;
  let scheme: string | null = null;
  try {
    scheme = new URL(String(value)).protocol;
  } catch {
    throw unprocessable('details_url is not a valid URL', docs);
  }
  if (scheme !== 'http:' && scheme !== 'https:') {
    throw unprocessable('details_url must use the http or https scheme', docs);
  }
  return String(value);
}

/** `external_id` as GitHub keeps it: its first 255 characters. */
export function limitExternalId(value: unknown): string | null {
  return value === null ? null : String(value).slice(0, EXTERNAL_ID_CHARS);
}

/** A byte cut at a whole character (GitHub never stores half a character). */
function cutBytes(text: string, max: number): string {
  if (utf8Length(text) <= max) return text;
  let end = 0;
  let bytes = 0;
  for (const char of text) {
    const size = utf8Length(char);
    if (bytes + size > max) break;
    bytes += size;
    end += char.length;
  }
  return text.slice(0, end);
}
