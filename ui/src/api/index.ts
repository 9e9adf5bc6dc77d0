// The typed face of Rosette's IPC commands (src-tauri/src/commands/mod.rs): one function per
// command, taking and returning the types generated from Rust into ./bindings. Nothing here
// interprets badges; it only moves data and turns rejections into `CommandError`.

import { invoke } from '@tauri-apps/api/core';
import type { BadgeDetail } from './bindings/BadgeDetail';
import type { CachedDocument } from './bindings/CachedDocument';
import type { CacheImportItem } from './bindings/CacheImportItem';
import type { CheckAllReport } from './bindings/CheckAllReport';
import type { CheckProgress } from './bindings/CheckProgress';
import type { BadgePage } from './bindings/BadgePage';
import type { ErrorKind } from './bindings/ErrorKind';
import type { ExportReport } from './bindings/ExportReport';
import type { Facets } from './bindings/Facets';
import type { ImageData } from './bindings/ImageData';
import type { ImportReport } from './bindings/ImportReport';
import type { IpcError } from './bindings/IpcError';
import type { ListQuery } from './bindings/ListQuery';
import type { NetworkPreferences } from './bindings/NetworkPreferences';
import type { PresetSize } from './bindings/PresetSize';
import type { QrErrorCorrection } from './bindings/QrErrorCorrection';
import type { QrFormat } from './bindings/QrFormat';
import type { RestoreReport } from './bindings/RestoreReport';
import type { ShareInfo } from './bindings/ShareInfo';
import type { TrustedCertificate } from './bindings/TrustedCertificate';
import type { VerificationReport } from './bindings/VerificationReport';
import type { VerifiedInput } from './bindings/VerifiedInput';
import type { Visibility } from './bindings/Visibility';

export type { Achievement } from './bindings/Achievement';
export type { AchievementResult } from './bindings/AchievementResult';
export type { Alignment } from './bindings/Alignment';
export type { BadgeSummary } from './bindings/BadgeSummary';
export type { CacheImportOutcome } from './bindings/CacheImportOutcome';
export type { Check } from './bindings/Check';
export type { CheckId } from './bindings/CheckId';
export type { Credential } from './bindings/Credential';
export type { CredentialFormat } from './bindings/CredentialFormat';
export type { EmailSignature } from './bindings/EmailSignature';
export type { Endorsement } from './bindings/Endorsement';
export type { Evidence } from './bindings/Evidence';
export type { ExpiryState } from './bindings/ExpiryState';
export type { Facet } from './bindings/Facet';
export type { ImportItem } from './bindings/ImportItem';
export type { ImportOutcome } from './bindings/ImportOutcome';
export type { Issuer } from './bindings/Issuer';
export type { IssuerIdentity } from './bindings/IssuerIdentity';
export type { KeySourceKind } from './bindings/KeySourceKind';
export type { LastCheck } from './bindings/LastCheck';
export type { LinkedInField } from './bindings/LinkedInField';
export type { LinkedInShare } from './bindings/LinkedInShare';
export type { OrganizationSource } from './bindings/OrganizationSource';
export type { Outcome } from './bindings/Outcome';
export type { OriginalDocument } from './bindings/OriginalDocument';
export type { PicturePreset } from './bindings/PicturePreset';
export type { ProofSummary } from './bindings/ProofSummary';
export type { Recipient } from './bindings/Recipient';
export type { RestoreItem } from './bindings/RestoreItem';
export type { RestoreOutcome } from './bindings/RestoreOutcome';
export type { UserData } from './bindings/UserData';
export type { Verdict } from './bindings/Verdict';
export type { VerifiedFormat } from './bindings/VerifiedFormat';
export type {
  BadgeDetail,
  BadgePage,
  CachedDocument,
  CacheImportItem,
  CheckAllReport,
  CheckProgress,
  ErrorKind,
  ExportReport,
  Facets,
  ImageData,
  ImportReport,
  IpcError,
  ListQuery,
  NetworkPreferences,
  PresetSize,
  QrErrorCorrection,
  QrFormat,
  RestoreReport,
  ShareInfo,
  TrustedCertificate,
  VerificationReport,
  VerifiedInput,
  Visibility,
};

/**
 * What a failed command rejects with. `kind` is the core's stable `ErrorKind`, or
 * `"unexpected"` when the rejection did not come from a Rosette command (e.g. the shell
 * refused the call); the UI branches on `kind`, never on `message`.
 */
export class CommandError extends Error {
  readonly kind: ErrorKind | 'unexpected';

  constructor(kind: ErrorKind | 'unexpected', message: string) {
    super(message);
    this.name = 'CommandError';
    this.kind = kind;
  }
}

function isIpcError(value: unknown): value is IpcError {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { kind?: unknown }).kind === 'string' &&
    typeof (value as { message?: unknown }).message === 'string'
  );
}

/** Turns whatever a command rejected with into a `CommandError`. */
export function toCommandError(reason: unknown): CommandError {
  if (reason instanceof CommandError) return reason;
  if (isIpcError(reason)) return new CommandError(reason.kind, reason.message);
  if (reason instanceof Error) return new CommandError('unexpected', reason.message);
  return new CommandError('unexpected', typeof reason === 'string' ? reason : String(reason));
}

async function call<T>(command: string, args?: Record<string, unknown>): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (reason) {
    throw toCommandError(reason);
  }
}

export const listBadges = (query: ListQuery) => call<BadgePage>('list_badges', { query });
export const badgeFacets = () => call<Facets>('badge_facets');
export const showBadge = (id: string) => call<BadgeDetail>('show_badge', { id });
export const badgeImage = (hash: string) => call<ImageData>('badge_image', { hash });
export const importPaths = (paths: string[]) => call<ImportReport>('import_paths', { paths });
/** Opens the native file dialog; an empty report when the user cancels. */
export const pickAndImport = () => call<ImportReport>('pick_and_import');
export const tagBadge = (id: string, tags: string[]) => call<null>('tag_badge', { id, tags });
export const untagBadge = (id: string, tags: string[]) => call<null>('untag_badge', { id, tags });
export const setVisibility = (id: string, visibility: Visibility) =>
  call<null>('set_visibility', { id, visibility });
export const setNote = (id: string, note: string) => call<null>('set_note', { id, note });
export const addToCollection = (name: string, id: string) => call<null>('add_to_collection', { name, id });
export const removeFromCollection = (name: string, id: string) =>
  call<null>('remove_from_collection', { name, id });
export const deleteCollection = (name: string) => call<null>('delete_collection', { name });
/** Resolves to the removed badge's name. */
export const removeBadge = (id: string) => call<string>('remove_badge', { id });
/** Asks where to save; `null` when the user cancels. */
export const exportPortfolio = () => call<ExportReport | null>('export_portfolio');
/** Asks for a backup to restore; `null` when the user cancels. */
export const restorePortfolio = () => call<RestoreReport | null>('restore_portfolio');
export const portfolioLocation = () => call<string>('portfolio_location');

// Sharing (src-tauri/src/commands/share.rs). Nothing here opens a link or writes a file by
// itself: the Rust side asks where to save, and opens only https links.

/**
 * LinkedIn links and fields, the email signature and the public page of a badge.
 * `imageFile`: a saved picture file for the signature instead of the image's web address.
 */
export const shareInfo = (id: string, imageFile: string | null) => call<ShareInfo>('share_info', { id, imageFile });
/** The picture sizes offered, smallest first. */
export const picturePresets = () => call<PresetSize[]>('picture_presets');
/**
 * Asks where to save the badge picture (PNG, longer side `side`, `null` for the original size);
 * resolves to the saved path, or `null` when the user cancels.
 */
export const saveBadgePicture = (id: string, side: number | null) =>
  call<string | null>('save_badge_picture', { id, side });
/** A PNG QR code of the badge's public page, for the preview. */
export const badgeQrPreview = (id: string, side: number, level: QrErrorCorrection) =>
  call<ImageData>('badge_qr_preview', { id, side, level });
/** Asks where to save the QR code; the saved path, or `null` when the user cancels. */
export const saveBadgeQr = (id: string, format: QrFormat, side: number, level: QrErrorCorrection) =>
  call<string | null>('save_badge_qr', { id, format, side, level });
/** Saves (or with `null`, forgets) an issuer's LinkedIn organization id; resolves to the issuer's name. */
export const setIssuerLinkedin = (issuer: string, organizationId: string | null) =>
  call<string>('set_issuer_linkedin', { issuer, organizationId });
/** Puts the email signature on the clipboard, as rich HTML with a plain-text variant. */
export const copyEmailSignature = (id: string, imageFile: string | null) =>
  call<null>('copy_email_signature', { id, imageFile });
/** Opens an https link in the system browser (the core refuses anything else). */
export const openLink = (url: string) => call<null>('open_link', { url });

// Verification (src-tauri/src/commands/verify.rs). The core decides every verdict; these only
// ask for reports and move them.

/** The event `checkAllBadges` emits as it goes, with a `CheckProgress` payload. */
export const CHECK_PROGRESS_EVENT = 'check-progress';
// `online`: the user chose to go online (with the network settings) for missing keys, current
// status lists and hosted copies; otherwise nothing leaves the machine.

/** Verifies a stored badge again now and records the result; `notes` say where an online fetch failed. */
export const checkBadge = (id: string, online = false) => call<VerifiedInput>('check_badge', { id, online });
/** Verifies every stored badge again, emitting `check-progress` events. */
export const checkAllBadges = (online = false) => call<CheckAllReport>('check_all_badges', { online });
/** Verifies files without importing them. */
export const verifyPaths = (paths: string[], online = false) =>
  call<VerifiedInput[]>('verify_paths', { paths, online });
/** Opens the native file dialog and verifies the picked files; empty when the user cancels. */
export const pickAndVerify = (online = false) => call<VerifiedInput[]>('pick_and_verify', { online });
/** Verifies pasted text (JSON or a compact JWS). */
export const verifyText = (text: string, online = false) => call<VerifiedInput>('verify_text', { text, online });
/** Fetches the badge at an https link and verifies it (always online: that is what the user asked). */
export const verifyLink = (link: string) => call<VerifiedInput>('verify_link', { link });
/** Fetches the badge at an https link and adds it to the portfolio (online, like `verifyLink`). */
export const importLink = (link: string) => call<ImportReport>('import_link', { link });
/** Asks where to save a report (JSON, or a printable HTML page); the saved path, or `null` when cancelled. */
export const saveReport = (verified: VerifiedInput, printable: boolean) =>
  call<string | null>('save_report', { verified, printable });
/** The earner's own identifiers (emails and others) that recipients are checked against. */
export const myIdentifiers = () => call<string[]>('my_identifiers');
export const addMyIdentifier = (identifier: string) => call<null>('add_my_identifier', { identifier });
export const removeMyIdentifier = (identifier: string) => call<null>('remove_my_identifier', { identifier });

// Network settings (src-tauri/src/commands/network.rs): used only when the user goes online.

export const networkPreferences = () => call<NetworkPreferences>('network_preferences');
/** Lets online checks reach loopback and private-network addresses; resolves to the new settings. */
export const setAllowPrivateNetwork = (allow: boolean) =>
  call<NetworkPreferences>('set_allow_private_network', { allow });
/** Asks for a certificate file and trusts the authorities in it; `null` when the user cancels. */
export const pickAndTrustCertificates = () => call<TrustedCertificate[] | null>('pick_and_trust_certificates');
/** Stops trusting a certificate authority; resolves to the one removed. */
export const distrustCertificate = (id: string) => call<TrustedCertificate>('distrust_certificate', { id });

// Issuer documents kept for offline verification (DID documents, keys, issuer profiles, status
// lists), the same as `rosette cache`.

export const cachedDocuments = () => call<CachedDocument[]>('cached_documents');
/** Asks for issuer documents and keeps them; one outcome per file, empty when the user cancels. */
export const pickAndCacheDocuments = () => call<CacheImportItem[]>('pick_and_cache_documents');
export const removeCachedDocument = (id: string) => call<null>('remove_cached_document', { id });
