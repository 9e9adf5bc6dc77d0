// The Settings screen's issuer documents kept for offline verification (DID documents,
// keys, issuer profiles, status lists): the list the core keeps, "Add issuer documents…" and
// "Forget". The core reads the files and decides what is kept under which id; this only
// asks and lists.

import {
  cachedDocuments,
  pickAndCacheDocuments,
  removeCachedDocument,
  toCommandError,
  type CachedDocument,
  type CacheImportItem,
  type CommandError,
} from '../api';

export class KeptDocumentsState {
  /** null until loaded. */
  documents = $state<CachedDocument[] | null>(null);
  /** The file dialog is open or its files are being read. */
  adding = $state(false);
  /** The ids kept by the last "Add issuer documents…", to point them out. */
  added = $state<string[]>([]);
  readonly #onError: (error: CommandError) => void;
  #generation = 0;

  constructor(onError: (error: CommandError) => void) {
    this.#onError = onError;
  }

  async load(): Promise<void> {
    // Only the latest answer is shown when loads overlap (opening Settings during a change).
    const generation = ++this.#generation;
    try {
      const documents = await cachedDocuments();
      if (generation === this.#generation) this.documents = documents;
    } catch (error) {
      this.#onError(toCommandError(error));
    }
  }

  /** "Add issuer documents…": the native dialog, one outcome per file (none when cancelled). */
  async add(): Promise<CacheImportItem[]> {
    if (this.adding) return [];
    this.adding = true;
    try {
      const items = await pickAndCacheDocuments();
      if (items.length === 0) return [];
      this.added = items.flatMap((item) => (item.outcome.status === 'kept' ? [item.outcome.id] : []));
      await this.load();
      return items;
    } catch (error) {
      this.#onError(toCommandError(error));
      return [];
    } finally {
      this.adding = false;
    }
  }

  /** Throws: the confirmation dialog shows the error. The list is read again either way. */
  async remove(document: CachedDocument): Promise<void> {
    try {
      await removeCachedDocument(document.id);
      this.added = this.added.filter((id) => id !== document.id);
    } finally {
      await this.load();
    }
  }
}
