// The "Verify a badge" screen: the reports of what the user verified (newest first) and the
// earner's own identifiers. Verifying adds nothing to the portfolio; the core decides every
// verdict.

import {
  addMyIdentifier,
  myIdentifiers,
  pickAndVerify,
  removeMyIdentifier,
  saveReport,
  toCommandError,
  verifyPaths,
  verifyText,
  type CommandError,
  type VerifiedInput,
} from '../api';

export type VerifyResult = {
  key: number;
  verified: VerifiedInput;
  /** Whether `input` is a file path (so the file can be imported), not pasted text. */
  fromFile: boolean;
  /** Where the report was last saved. */
  savedTo: string | null;
};

export class VerifyState {
  results = $state<VerifyResult[]>([]);
  busy = $state(false);
  /** null until loaded. */
  identifiers = $state<string[] | null>(null);
  #count = 0;
  readonly #onError: (error: CommandError) => void;

  constructor(onError: (error: CommandError) => void) {
    this.#onError = onError;
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

  async #verify(fromFile: boolean, task: () => Promise<VerifiedInput[]>): Promise<VerifyResult[]> {
    if (this.busy) return [];
    this.busy = true;
    try {
      const verified = await task();
      const added = verified.map((v) => ({ key: ++this.#count, verified: v, fromFile, savedTo: null }));
      this.results = [...added, ...this.results];
      return added;
    } catch (error) {
      this.#onError(toCommandError(error));
      return [];
    } finally {
      this.busy = false;
    }
  }

  /** "Choose files…": the native dialog, then the reports (nothing when cancelled). */
  pick(): Promise<VerifyResult[]> {
    return this.#verify(true, pickAndVerify);
  }

  /** Files dropped while the Verify screen is open. */
  paths(paths: string[]): Promise<VerifyResult[]> {
    if (paths.length === 0) return Promise.resolve([]);
    return this.#verify(true, () => verifyPaths(paths));
  }

  text(text: string): Promise<VerifyResult[]> {
    return this.#verify(false, async () => [await verifyText(text)]);
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
