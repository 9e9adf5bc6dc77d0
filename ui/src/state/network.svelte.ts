// The Settings screen's network section: whether online checks may reach private and
// loopback addresses, and the extra certificate authorities trusted when going online.
// These settings are used only when the user goes online; the core keeps and applies them.

import {
  distrustCertificate,
  networkPreferences,
  pickAndTrustCertificates,
  setAllowPrivateNetwork,
  toCommandError,
  type CommandError,
  type NetworkPreferences,
  type TrustedCertificate,
} from '../api';

export class NetworkState {
  /** null until loaded. */
  preferences = $state<NetworkPreferences | null>(null);
  /** Saving the private-network switch. */
  saving = $state(false);
  /** The certificate dialog is open or its file is being read. */
  adding = $state(false);
  /** The authorities added by the last "Add certificate authority…", to point them out. */
  added = $state<string[]>([]);
  readonly #onError: (error: CommandError) => void;

  constructor(onError: (error: CommandError) => void) {
    this.#onError = onError;
  }

  async load(): Promise<void> {
    try {
      this.preferences = await networkPreferences();
    } catch (error) {
      this.#onError(toCommandError(error));
    }
  }

  /** Saved at once; on failure the switch shows the kept value again. */
  async setAllowPrivateNetwork(allow: boolean): Promise<void> {
    if (this.saving) return;
    this.saving = true;
    try {
      this.preferences = await setAllowPrivateNetwork(allow);
    } catch (error) {
      this.#onError(toCommandError(error));
      await this.load();
    } finally {
      this.saving = false;
    }
  }

  /** "Add certificate authority…": the native dialog, then the list again (nothing when cancelled). */
  async add(): Promise<TrustedCertificate[]> {
    if (this.adding) return [];
    this.adding = true;
    try {
      const trusted = await pickAndTrustCertificates();
      if (trusted === null) return [];
      this.added = trusted.map((c) => c.id);
      await this.load();
      return trusted;
    } catch (error) {
      this.#onError(toCommandError(error));
      return [];
    } finally {
      this.adding = false;
    }
  }

  /** Throws: the confirmation dialog shows the error. */
  async remove(certificate: TrustedCertificate): Promise<void> {
    await distrustCertificate(certificate.id);
    this.added = this.added.filter((id) => id !== certificate.id);
    await this.load();
  }
}
