// How the core's verification reports are worded on screen. Presentation only: the core
// decides each check's outcome and the verdict; this file only names them.

import type { CheckId, IssuerIdentity, KeySourceKind, Outcome, Verdict, VerifiedFormat } from '../api';
import { formatDateTime } from './display';

export type Tone = 'success' | 'danger' | 'warning' | 'neutral';

const verdicts: Record<Verdict, { label: string; sentence: string; tone: Tone }> = {
  valid: {
    label: 'Valid',
    sentence: 'Proven, bound to its issuer, within its validity period and not known to be revoked.',
    tone: 'success',
  },
  invalid: {
    label: 'Invalid',
    sentence: 'Forged, altered, malformed or not bound to its issuer. Do not rely on it.',
    tone: 'danger',
  },
  expired: { label: 'Expired', sentence: 'Genuine, but past its end date.', tone: 'warning' },
  'not-yet-valid': { label: 'Not yet valid', sentence: 'Genuine, but its validity has not started yet.', tone: 'warning' },
  revoked: { label: 'Revoked', sentence: 'The issuer has revoked or suspended it.', tone: 'danger' },
  unknown: {
    label: 'Unknown',
    sentence: 'Rosette could not decide; the checks below say what is missing.',
    tone: 'neutral',
  },
};

/** The verdict's name, e.g. "Not yet valid". */
export function verdictLabel(verdict: Verdict): string {
  return verdicts[verdict]?.label ?? verdict;
}

/** What the verdict means, in one sentence. */
export function verdictSentence(verdict: Verdict): string {
  return verdicts[verdict]?.sentence ?? '';
}

export function verdictTone(verdict: Verdict): Tone {
  return verdicts[verdict]?.tone ?? 'neutral';
}

const checkNames: Record<CheckId, string> = {
  format: 'Format',
  proof: 'Signature',
  'issuer-binding': 'Key belongs to the issuer',
  'issuer-identity': 'Issuer identity',
  claims: 'Token claims',
  'validity-window': 'Validity period',
  status: 'Revocation status',
  recipient: 'Recipient',
};

export function checkName(id: CheckId): string {
  return checkNames[id] ?? id;
}

const outcomes: Record<Outcome, { label: string; tone: Tone }> = {
  passed: { label: 'Passed', tone: 'success' },
  failed: { label: 'Failed', tone: 'danger' },
  warning: { label: 'Passed with a warning', tone: 'warning' },
  'not-checked': { label: 'Not checked', tone: 'neutral' },
  unknown: { label: 'Could not be decided', tone: 'warning' },
};

export function outcomeLabel(outcome: Outcome): string {
  return outcomes[outcome]?.label ?? outcome;
}

export function outcomeTone(outcome: Outcome): Tone {
  return outcomes[outcome]?.tone ?? 'neutral';
}

/** Where the key came from, in plain words. */
export function keySourceText(source: KeySourceKind): string {
  switch (source.kind) {
    case 'embedded':
      return 'No separate key needed: the proof is in the badge itself.';
    case 'did-key':
      return 'Read from the issuer’s did:key identifier, offline.';
    case 'did-jwk':
      return 'Read from the issuer’s did:jwk identifier, offline.';
    case 'cached':
      return `A copy of the issuer’s key saved on ${formatDateTime(source.at)}.`;
    case 'fetched':
      return `Fetched from the issuer on ${formatDateTime(source.at)}.`;
    case 'imported':
      return `From a document you imported on ${formatDateTime(source.at)}.`;
    case 'not-available':
      return 'No key could be obtained, so the signature could not be checked.';
  }
}

/** The issuer's identifier as the report gives it, or null. */
export function identityId(identity: IssuerIdentity): string | null {
  return identity.id ?? null;
}

/** What the identifier proves about the issuer: a short label and a sentence. */
export function identityText(identity: IssuerIdentity): { label: string; sentence: string } {
  switch (identity.kind) {
    case 'self-asserted':
      return {
        label: `Self-asserted (${identity.method})`,
        sentence: 'The identifier proves control of a key, not who holds it: the name is the issuer’s own claim.',
      };
    case 'domain-bound':
      return {
        label: `Domain-bound (${identity.domain})`,
        sentence: `The identifier belongs to the web domain ${identity.domain}; the issuer identity check says whether the key came from it.`,
      };
    case 'unknown':
      return { label: 'Unknown', sentence: 'The issuer’s identifier is missing or of an unknown kind.' };
  }
}

const formats: Record<VerifiedFormat, string> = {
  'ob2-hosted': 'Open Badges 2.0, hosted by the issuer',
  'ob2-signed': 'Open Badges 2.0, signed (JWS)',
  'ob3-data-integrity': 'Open Badges 3.0 with an embedded proof',
  'ob3-jwt': 'Open Badges 3.0 as a VC-JWT',
};

export function verifiedFormatName(format: VerifiedFormat | null): string {
  return format ? (formats[format] ?? format) : 'Not a badge of a known format';
}
