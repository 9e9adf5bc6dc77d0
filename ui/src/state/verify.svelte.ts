// The "Verify a badge" screen: the reports of what the user verified (newest first) and the
// earner's own identifiers. Verifying adds nothing to the portfolio; the core decides every
// verdict. Nothing goes online unless the user verifies a link or ticks "also go online".

import {
  addMyIdentifier,
  myIdentifiers,
  pickAndVerify,
  removeMyIdentifier,
  saveReport,
  toCommandError,
  verifyPaths,
  verifyLink,
  verifyText,
  type CommandError,
  type VerifiedInput,
} from '../api';

/** What the user gave: a file path (so the file can be imported), pasted text, or a link. */
export type InputKind = 'file' | 'text' | 'link';

export type VerifyResult = {
  key: number;
  verified: VerifiedInput;
  source: InputKind;
  /** Whether this verification went online. */
  online: boolean;
  /** Where the report was last saved. */
  savedTo: string | null;
};

/**
 * Whether pasted text is only a web address, to be fetched as a link rather than read as a
 * badge. http:// counts too, so that the core can say that links must be https.
 */
export function isLink(text: string): boolean {
  return /^https?:\/\/\S+$/i.test(text.trim());
}

export class VerifyState {
  results = $state<VerifyResult[]>([]);
  busy = $state(false);
  /** What the running verification is about; null when idle. */
  busyWith = $state<InputKind | null>(null);
  /** "Also go online for missing keys and current revocation status" (files and pasted text). */
  online = $state(false);
  /** What the "Verify a link" field holds; kept while the user visits Settings, e.g. to allow an address. */
  linkDraft = $state('');
  /** null until loaded. */
  identifiers = $state<string[] | null>(null);
  #count = 0;
  readonly #onError: (error: CommandError) => void;
  readonly #onStart: () => void;

  /** `onStart`: a new verification begins (the window clears an earlier error). */
  constructor(onError: (error: CommandError) => void, onStart: () => void = () => undefined) {
    this.#onError = onError;
    this.#onStart = onStart;
  }

  async loadIdentifiers(): Promise<void> {
    try {
      this.identifiers = await myIdentifiers();
    } catch (error) {
      this.#onError(toCommandError(error));
    }
  }

  async addIdentifier(identifier: string): Promise<boolean> {
    try {
      await addMyIdentifier(identifier);
      await this.loadIdentifiers();
      return true;
    } catch (error) {
      this.#onError(toCommandError(error));
      return false;
    }
  }

  /** Throws: the confirmation dialog shows the error. */
  async removeIdentifier(identifier: string): Promise<void> {
    await removeMyIdentifier(identifier);
    await this.loadIdentifiers();
  }

  async #verify(
    source: InputKind,
    task: (online: boolean) => Promise<VerifiedInput[]>,
  ): Promise<VerifyResult[]> {
    if (this.busy) return [];
    // Links are always fetched: going online is what verifying a link asks for.
    const online = source === 'link' || this.online;
    this.busy = true;
    this.busyWith = source;
    this.#onStart();
    try {
      const verified = await task(online);
      const added = verified.map((v) => ({ key: ++this.#count, verified: v, source, online, savedTo: null }));
      this.results = [...added, ...this.results];
      return added;
    } catch (error) {
      this.#onError(toCommandError(error));
      return [];
    } finally {
      this.busy = false;
      this.busyWith = null;
    }
  }

  /** "Choose files…": the native dialog, then the reports (nothing when cancelled). */
  pick(): Promise<VerifyResult[]> {
    return this.#verify('file', (online) => pickAndVerify(online));
  }

  /** Files dropped while the Verify screen is open. */
  paths(paths: string[]): Promise<VerifyResult[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.#verify('file', (online) => verifyPaths(paths, online));
  }

  /** Pasted text; a lone web address is verified as a link. */
  text(text: string): Promise<VerifyResult[]> {
    if (isLink(text)) return this.link(text);
    return this.#verify('text', async (online) => [await verifyText(text, online)]);
  }

  /** "Verify a link": the core fetches the badge at an https address and verifies it online. */
  link(link: string): Promise<VerifyResult[]> {
    const trimmed = link.trim();
    if (trimmed === '') return Promise.resolve([]);
    return this.#verify('link', async () => [await verifyLink(trimmed)]);
  }

  async save(result: VerifyResult, printable: boolean): Promise<string | null> {
    try {
      const path = await saveReport(result.verified, printable);
      if (path) {
        const index = this.results.findIndex((r) => r.key === result.key);
        if (index >= 0) this.results[index] = { ...this.results[index]!, savedTo: path };
      }
      return path;
    } catch (error) {
      this.#onError(toCommandError(error));
      return null;
    }
  }

  dismiss(key: number): void {
    this.results = this.results.filter((r) => r.key !== key);
  }

  clear(): void {
    this.results = [];
  }
}
