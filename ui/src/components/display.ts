// How values from the core are worded on screen. Presentation only: the core decides
// what a badge is and where it stands (e.g. `expiry`); this file only phrases it.

import type {
  CredentialFormat,
  ErrorKind,
  ExpiryState,
  ImportOutcome,
  OrganizationSource,
  PresetSize,
  QrErrorCorrection,
  RestoreOutcome,
} from '../api';

const dateFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  // The core's timestamps are UTC; showing the UTC date keeps the day the issuer wrote.
  timeZone: 'UTC',
});

const dateTimeFormat = new Intl.DateTimeFormat(undefined, {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'UTC',
  timeZoneName: 'short',
});

function parse(rfc3339: string | null | undefined): Date | null {
  if (!rfc3339) return null;
  const date = new Date(rfc3339);
  return Number.isNaN(date.getTime()) ? null : date;
}

/** A date without time, e.g. "14 Mar 2028" (in the user's locale); the raw text if unreadable. */
export function formatDate(rfc3339: string | null | undefined): string {
  const date = parse(rfc3339);
  return date ? dateFormat.format(date) : (rfc3339 ?? '');
}

/** Date and time in UTC, for the detail view. */
export function formatDateTime(rfc3339: string | null | undefined): string {
  const date = parse(rfc3339);
  return date ? dateTimeFormat.format(date) : (rfc3339 ?? '');
}

/** The expiry line of a card, from the core's expiry state; null when there is nothing to say. */
export function expiryText(expiry: ExpiryState, validUntil: string | null): string | null {
  const when = validUntil ? formatDate(validUntil) : '';
  switch (expiry) {
    case 'no-expiry':
      return null;
    case 'valid':
      return when ? `Expires ${when}` : 'Valid';
    case 'expires-soon':
      return when ? `Expires soon · ${when}` : 'Expires soon';
    case 'expired':
      return when ? `Expired ${when}` : 'Expired';
  }
}

const formatNames: Record<CredentialFormat, string> = {
  'ob2-json': 'Open Badges 2.0 assertion (JSON)',
  'ob2-jws': 'Open Badges 2.0 assertion (signed, JWS)',
  'ob3-json': 'Open Badges 3.0 credential (JSON with embedded proof)',
  'ob3-jwt': 'Open Badges 3.0 credential (VC-JWT)',
};

export function formatName(format: CredentialFormat): string {
  return formatNames[format] ?? format;
}

const errorTitles: Record<ErrorKind | 'unexpected', string> = {
  'not-a-badge': 'Not a badge',
  image: 'Image problem',
  'not-found': 'Badge not found',
  ambiguous: 'Ambiguous badge id',
  storage: 'The portfolio could not be read or written',
  io: 'A file could not be read or written',
  backup: 'Backup problem',
  'invalid-input': 'Invalid input',
  network: 'Could not go online',
  unexpected: 'Something went wrong',
};

export function errorTitle(kind: ErrorKind | 'unexpected'): string {
  return errorTitles[kind] ?? errorTitles.unexpected;
}

/** Up to two letters for an image placeholder. */
export function initials(name: string): string {
  const words = name.match(/[\p{L}\p{N}]+/gu) ?? [];
  const letters = words
    .slice(0, 2)
    .map((w) => w[0]?.toLocaleUpperCase() ?? '')
    .join('');
  return letters || '?';
}

/** The last component of a path, for lists where the full path is too long (shown as a tooltip). */
export function baseName(path: string): string {
  const parts = path.split(/[\\/]/);
  return parts[parts.length - 1] || path;
}

/** One row of an import or restore report, worded for people. */
export type ReportRow = {
  key: string;
  /** The file or badge the row is about. */
  subject: string;
  /** Longer form of `subject` (full path), for a tooltip. */
  subjectTitle: string;
  status: 'imported' | 'restored' | 'duplicate' | 'related' | 'skipped' | 'failed';
  label: string;
  detail: string | null;
};

export function importRow(index: number, source: string, outcome: ImportOutcome): ReportRow {
  const base = { key: `${index}`, subject: baseName(source), subjectTitle: source };
  switch (outcome.status) {
    case 'imported':
      return { ...base, status: 'imported', label: 'Imported', detail: outcome.name };
    case 'duplicate':
      return { ...base, status: 'duplicate', label: 'Already in portfolio', detail: outcome.name };
    case 'related':
      return { ...base, status: 'related', label: 'Used as supporting document', detail: null };
    case 'skipped':
      return { ...base, status: 'skipped', label: 'Skipped', detail: outcome.message };
    case 'failed':
      return { ...base, status: 'failed', label: 'Failed', detail: outcome.message };
  }
}

export function restoreRow(index: number, name: string, outcome: RestoreOutcome): ReportRow {
  const base = { key: `${index}`, subject: name, subjectTitle: name };
  switch (outcome.status) {
    case 'restored':
      return { ...base, status: 'restored', label: 'Restored', detail: null };
    case 'duplicate':
      return { ...base, status: 'duplicate', label: 'Already in portfolio', detail: null };
    case 'failed':
      return { ...base, status: 'failed', label: 'Failed', detail: outcome.message };
  }
}

export function plural(count: number, one: string, many: string): string {
  return `${count} ${count === 1 ? one : many}`;
}

/** A size in bytes for people, e.g. "812 bytes", "3.4 KB", "1.2 MB" (1 KB = 1000 bytes). */
export function formatBytes(bytes: number | bigint): string {
  const n = Number(bytes);
  if (n < 1000) return plural(n, 'byte', 'bytes');
  // Below 999.5 KB, which would round to "1000 KB".
  const [value, unit] = n < 999_500 ? [n / 1000, 'KB'] : [n / 1_000_000, 'MB'];
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${unit}`;
}

const presetNames: Record<PresetSize['preset'], string> = {
  'email-signature': 'Email signature',
  slide: 'Slide',
  print: 'Print',
  original: 'Original size',
};

/** A picture size button, e.g. "Slide (600 px)"; the pixels come from the core's preset. */
export function presetLabel(size: PresetSize): string {
  const name = presetNames[size.preset] ?? size.preset;
  return size.side === null ? name : `${name} (${size.side} px)`;
}

/** Where the organization LinkedIn shows comes from, in a sentence. */
export function organizationSourceText(source: OrganizationSource): string {
  switch (source) {
    case 'credential':
      return 'The credential gives the issuer’s LinkedIn organization id, so LinkedIn links the issuer’s page and logo.';
    case 'saved':
      return 'You saved a LinkedIn organization id for this issuer, so LinkedIn links the issuer’s page and logo.';
    case 'name':
      return 'Only the issuer’s name is known: LinkedIn shows it as plain text, without logo or link.';
  }
}

/** Error-correction levels of a QR code, worded: how much of the code may be damaged. */
export const QR_LEVELS: { level: QrErrorCorrection; name: string; hint: string }[] = [
  { level: 'L', name: 'Low', hint: 'about 7 % may be damaged; the smallest code' },
  { level: 'M', name: 'Medium', hint: 'about 15 %; a good default for screens' },
  { level: 'Q', name: 'Quartile', hint: 'about 25 %' },
  { level: 'H', name: 'High', hint: 'about 30 %; for print and posters' },
];
