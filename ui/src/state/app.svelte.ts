// What the window shows around the views: which view is open, the error banner, the
// notice toast, the last import/restore report and the long-running operation in progress.
// The actions here call the core and route results to the right place; they decide nothing
// about badges.

import { listen } from '@tauri-apps/api/event';
import {
  CHECK_PROGRESS_EVENT,
  checkAllBadges,
  exportPortfolio,
  importLink,
  importPaths,
  pickAndImport,
  restorePortfolio,
  toCommandError,
  type CheckAllReport,
  type CheckProgress,
  type CommandError,
  type ImportReport,
  type RestoreReport,
} from '../api';
import { importRow, plural, restoreRow, type ReportRow } from '../components/display';
import { KeptDocumentsState } from './documents.svelte';
import { NetworkState } from './network.svelte';
import { PortfolioState } from './portfolio.svelte';
import { VerifyState } from './verify.svelte';

export type View = { name: 'portfolio' } | { name: 'detail'; id: string } | { name: 'verify' } | { name: 'settings' };

export type Report = {
  kind: 'import' | 'restore';
  title: string;
  summary: string;
  rows: ReportRow[];
};

export type Operation = 'import' | 'export' | 'restore' | 'check';

/** `details`: sentences from the core shown under the text (e.g. the notes of an online check). */
export type Notice = { id: number; text: string; tone: 'info' | 'success'; details?: string[] };

/** A question the window asks in a modal dialog; `run` is what confirming does. */
export type Confirmation = {
  title: string;
  message: string;
  /** Shown verbatim below the message, e.g. the exact address a link opens. */
  detail?: string;
  confirmLabel: string;
  danger: boolean;
  run: () => Promise<void>;
};

export class AppState {
  view = $state<View>({ name: 'portfolio' });
  error = $state<CommandError | null>(null);
  notice = $state<Notice | null>(null);
  report = $state<Report | null>(null);
  busy = $state<Operation | null>(null);
  /** The open confirmation dialog, rendered above everything by App. */
  confirmation = $state<Confirmation | null>(null);
  confirming = $state(false);
  /** How far "Check all" is; null when it is not running. */
  checkProgress = $state<CheckProgress | null>(null);
  /** Whether the running "Check all" went online. */
  checkingOnline = $state(false);
  readonly portfolio: PortfolioState;
  readonly verifier: VerifyState;
  readonly network: NetworkState;
  readonly documents: KeptDocumentsState;
  #noticeCount = 0;

  constructor() {
    this.portfolio = new PortfolioState((error) => this.showError(error));
    this.verifier = new VerifyState(
      (error) => this.showError(error),
      () => this.dismissError(),
    );
    this.network = new NetworkState((error) => this.showError(error));
    this.documents = new KeptDocumentsState((error) => this.showError(error));
  }

  showError(error: unknown): void {
    this.error = toCommandError(error);
  }

  dismissError(): void {
    this.error = null;
  }

  notify(text: string, tone: Notice['tone'] = 'info', details: string[] = []): void {
    this.notice = { id: ++this.#noticeCount, text, tone, ...(details.length > 0 ? { details } : {}) };
  }

  dismissNotice(): void {
    this.notice = null;
  }

  dismissReport(): void {
    this.report = null;
  }

  ask(confirmation: Confirmation): void {
    this.confirmation = confirmation;
  }

  async confirm(): Promise<void> {
    const current = this.confirmation;
    if (!current || this.confirming) return;
    this.confirming = true;
    try {
      await current.run();
    } catch (error) {
      this.showError(error);
    } finally {
      this.confirming = false;
      this.confirmation = null;
    }
  }

  cancelConfirmation(): void {
    if (!this.confirming) this.confirmation = null;
  }

  openBadge(id: string): void {
    this.view = { name: 'detail', id };
  }

  /** The "Verify a badge" screen; `from` is where Back returns to. */
  openVerify(): void {
    if (this.view.name !== 'verify') this.#beforeVerify = this.view;
    this.view = { name: 'verify' };
  }

  /** Leaves the Verify screen for the view it was opened from. */
  closeVerify(): void {
    const previous = this.#beforeVerify;
    this.#beforeVerify = { name: 'portfolio' };
    this.#return(previous);
  }

  #beforeVerify: View = { name: 'portfolio' };

  /** The Settings screen, opened from the app bar; Back returns where it was opened from. */
  openSettings(): void {
    if (this.view.name !== 'settings') this.#beforeSettings = this.view;
    this.view = { name: 'settings' };
  }

  closeSettings(): void {
    const previous = this.#beforeSettings;
    this.#beforeSettings = { name: 'portfolio' };
    this.#return(previous);
  }

  #beforeSettings: View = { name: 'portfolio' };

  #return(previous: View): void {
    if (previous.name === 'portfolio') this.backToPortfolio();
    else this.view = previous;
  }

  backToPortfolio(): void {
    this.view = { name: 'portfolio' };
    void this.portfolio.refresh();
  }

  async #run<T>(
    operation: Operation,
    task: () => Promise<T>,
    onError: (error: CommandError) => void = (error) => this.showError(error),
  ): Promise<T | undefined> {
    if (this.busy) return undefined;
    this.busy = operation;
    this.error = null;
    try {
      return await task();
    } catch (error) {
      onError(toCommandError(error));
      return undefined;
    } finally {
      this.busy = null;
    }
  }

  /** The "Import badges" button: the native dialog, then the import. */
  async pickAndImport(): Promise<void> {
    const report = await this.#run('import', pickAndImport);
    if (report) await this.#afterImport(report);
  }

  /** Files dropped on the window (or added from the Verify screen); the report, if any. */
  async importDropped(paths: string[]): Promise<ImportReport | undefined> {
    if (paths.length === 0) return undefined;
    const report = await this.#run('import', () => importPaths(paths));
    if (report) await this.#afterImport(report);
    return report;
  }

  /**
   * "Add to my portfolio" for a verified link: the core fetches the badge again (online, with
   * the network settings) and imports it. A failed fetch is not shown in the banner: it is
   * returned, for the result it was asked from to show. Undefined when another operation runs.
   */
  async importLink(link: string): Promise<{ report: ImportReport } | { error: CommandError } | undefined> {
    const failed: { error?: CommandError } = {};
    const report = await this.#run(
      'import',
      () => importLink(link),
      (error) => (failed.error = error),
    );
    if (failed.error) return { error: failed.error };
    if (!report) return undefined;
    await this.#afterImport(report);
    return { report };
  }

  /**
   * "Check all" (offline) or "Check all online": verifies every badge again, following the
   * core's `check-progress` events, then says how they came out (with the notes of an online
   * check) and reloads the grid.
   */
  async checkAll(online = false): Promise<CheckAllReport | undefined> {
    if (this.busy) return undefined;
    this.checkingOnline = online;
    this.checkProgress = { done: 0, total: this.portfolio.portfolioTotal ?? 0 };
    let stop: (() => void) | undefined;
    try {
      stop = await listen<CheckProgress>(CHECK_PROGRESS_EVENT, (event) => {
        if (this.checkProgress) this.checkProgress = event.payload;
      });
    } catch {
      // Without progress events the bar stays indeterminate; the check still runs.
    }
    try {
      const report = await this.#run('check', () => checkAllBadges(online));
      if (report) {
        const tone = report.invalid + report.revoked > 0 || report.notes.length > 0 ? 'info' : 'success';
        this.notify(checkAllText(report), tone, report.notes);
        await this.portfolio.refresh();
      }
      return report;
    } finally {
      stop?.();
      this.checkProgress = null;
      this.checkingOnline = false;
    }
  }

  async #afterImport(report: ImportReport): Promise<void> {
    // Cancelling the dialog gives an empty report: nothing to say.
    if (report.items.length === 0) return;
    const parts = [plural(report.imported, 'badge imported', 'badges imported')];
    if (report.duplicates > 0) parts.push(`${report.duplicates} already in portfolio`);
    if (report.failed > 0) parts.push(`${report.failed} failed`);
    this.report = {
      kind: 'import',
      title: 'Import results',
      summary: parts.join(' · '),
      rows: report.items.map((item, i) => importRow(i, item.source, item.outcome)),
    };
    await this.portfolio.refresh();
  }

  async exportBackup(): Promise<void> {
    const report = await this.#run('export', exportPortfolio);
    if (!report) return;
    this.notify(`Exported ${plural(report.badges, 'badge', 'badges')} to ${report.path}`, 'success');
  }

  async restoreBackup(): Promise<void> {
    const report = await this.#run('restore', restorePortfolio);
    if (report) await this.#afterRestore(report);
  }

  async #afterRestore(report: RestoreReport): Promise<void> {
    const parts = [plural(report.restored, 'badge restored', 'badges restored')];
    if (report.duplicates > 0) parts.push(`${report.duplicates} already in portfolio`);
    if (report.failed > 0) parts.push(`${report.failed} failed`);
    this.report = {
      kind: 'restore',
      title: 'Restore results',
      summary: parts.join(' · '),
      rows: report.items.map((item, i) => restoreRow(i, item.name, item.outcome)),
    };
    await this.portfolio.refresh();
  }
}

/** The notice after "Check all", e.g. "Checked 3 badges: 2 valid, 1 expired". */
export function checkAllText(report: CheckAllReport): string {
  const parts = (
    [
      ['valid', report.valid],
      ['invalid', report.invalid],
      ['expired', report.expired],
      ['revoked', report.revoked],
      ['unknown', report.unknown],
    ] as const
  )
    .filter(([, count]) => count > 0)
    .map(([name, count]) => `${count} ${name}`);
  const head = `Checked ${plural(report.checked, 'badge', 'badges')}`;
  return parts.length > 0 ? `${head}: ${parts.join(', ')}` : head;
}
