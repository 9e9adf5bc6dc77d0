import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CachedDocument, CacheImportItem, NetworkPreferences, TrustedCertificate } from '../api';
import { AppState } from '../state/app.svelte';
import SettingsScreen from './SettingsScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

function certificate(overrides: Partial<TrustedCertificate> = {}): TrustedCertificate {
  return {
    id: '3F2A9C0B11D4E5F6',
    fingerprint: '3F:2A:9C:0B:11:D4:E5:F6:00:11:22:33:44:55:66:77:88:99:AA:BB:CC:DD:EE:FF:00:11:22:33:44:55:66:77',
    name: 'Example Intranet CA',
    subject: 'CN=Example Intranet CA, O=Example',
    validUntil: '2030-06-01T00:00:00Z',
    expired: false,
    addedAt: '2026-01-02T03:04:05Z',
    ...overrides,
  };
}

function keptDocument(overrides: Partial<CachedDocument> = {}): CachedDocument {
  return {
    id: 'did:web:issuer.example.org:people:a-rather-long-path-that-has-to-wrap-somewhere',
    origin: 'fetched',
    obtainedAt: '2026-02-03T10:20:30Z',
    bytes: 812 as unknown as bigint,
    ...overrides,
  };
}

describe('SettingsScreen', () => {
  let preferences: NetworkPreferences;
  /** What the certificate dialog gives: a list, null (cancelled) or an error to reject with. */
  let picked: TrustedCertificate[] | null | { kind: string; message: string };
  let documents: CachedDocument[];
  /** What the issuer-documents dialog gives (empty: cancelled). */
  let pickedDocuments: CacheImportItem[];

  beforeEach(() => {
    preferences = { allowPrivateNetwork: false, trustedCertificates: [] };
    picked = null;
    documents = [];
    pickedDocuments = [];
    mockedInvoke.mockReset();
    mockedInvoke.mockImplementation(async (command: string, args?: unknown) => {
      const a = args as Record<string, unknown> | undefined;
      switch (command) {
        case 'network_preferences':
          return structuredClone(preferences);
        case 'set_allow_private_network':
          preferences.allowPrivateNetwork = a!.allow as boolean;
          return structuredClone(preferences);
        case 'pick_and_trust_certificates':
          if (picked !== null && !Array.isArray(picked)) throw picked;
          if (picked) preferences.trustedCertificates.push(...picked);
          return picked;
        case 'distrust_certificate': {
          const removed = preferences.trustedCertificates.find((c) => c.id === a!.id);
          preferences.trustedCertificates = preferences.trustedCertificates.filter((c) => c.id !== a!.id);
          return removed;
        }
        case 'cached_documents':
          return structuredClone(documents);
        case 'pick_and_cache_documents':
          for (const item of pickedDocuments) {
            if (item.outcome.status === 'kept') {
              const id = item.outcome.id;
              documents = documents.filter((d) => d.id !== id);
              documents.push(keptDocument({ id, origin: 'imported', obtainedAt: '2026-03-04T05:06:07Z', bytes: 2345 as unknown as bigint }));
            }
          }
          return structuredClone(pickedDocuments);
        case 'remove_cached_document':
          if (!documents.some((d) => d.id === a!.id)) throw { kind: 'not-found', message: `no kept document ${a!.id as string}` };
          documents = documents.filter((d) => d.id !== a!.id);
          return null;
        case 'my_identifiers':
          return ['me@example.org'];
        case 'list_badges':
          return { items: [], total: 0 };
        case 'badge_facets':
          return { issuers: [], tags: [], collections: [] };
        default:
          throw { kind: 'invalid-input', message: `unexpected command ${command}` };
      }
    });
  });

  it('explains going online, shows an empty list and the identifiers, and focuses Back', async () => {
    render(SettingsScreen, { props: { app: new AppState() } });
    expect(screen.getByTestId('network-settings').textContent).toMatch(/only goes online when you ask/);
    expect((await screen.findByTestId('trusted-ca-empty')).textContent).toMatch(/None/);
    expect(screen.queryByTestId('trusted-ca-list')).toBeNull();
    const allow = screen.getByLabelText(/Allow private and loopback addresses/) as HTMLInputElement;
    expect(allow.dataset.testid).toBe('allow-private-network');
    expect(allow.checked).toBe(false);
    await waitFor(() => expect(screen.getAllByTestId('identifier').map((i) => i.dataset.identifier)).toEqual(['me@example.org']));
    expect(document.activeElement).toBe(screen.getByTestId('settings-back'));
  });

  it('saves the private-network switch at once', async () => {
    const app = new AppState();
    render(SettingsScreen, { props: { app } });
    const allow = screen.getByTestId('allow-private-network') as HTMLInputElement;
    await waitFor(() => expect(allow.disabled).toBe(false));
    await fireEvent.click(allow);
    expect(mockedInvoke).toHaveBeenCalledWith('set_allow_private_network', { allow: true });
    await waitFor(() => expect(app.network.preferences?.allowPrivateNetwork).toBe(true));
    expect(allow.checked).toBe(true);
  });

  it('adds a certificate authority from the dialog and lists it', async () => {
    picked = [certificate(), certificate({ id: 'AA00', name: 'Old CA', expired: true, validUntil: '2020-01-01T00:00:00Z' })];
    const app = new AppState();
    render(SettingsScreen, { props: { app } });
    await screen.findByTestId('trusted-ca-empty');
    await fireEvent.click(screen.getByTestId('add-ca-button'));
    await waitFor(() => expect(screen.getAllByTestId('trusted-ca-item')).toHaveLength(2));
    const [current, old] = screen.getAllByTestId('trusted-ca-item');
    expect(current!.querySelector('[data-testid="trusted-ca-name"]')?.textContent).toBe('Example Intranet CA');
    expect(current!.querySelector('[data-testid="trusted-ca-valid-until"]')?.textContent).toMatch(/Valid until .*2030/);
    expect(current!.querySelector('[data-testid="trusted-ca-expired"]')).toBeNull();
    expect(current!.querySelector('[data-testid="trusted-ca-fingerprint"]')?.textContent).toContain('3F:2A:9C:0B');
    expect(old!.dataset.expired).toBe('true');
    expect(old!.querySelector('[data-testid="trusted-ca-expired"]')?.textContent).toBe('Expired');
    expect(app.notice?.text).toMatch(/2 certificate authorities/);
    expect(screen.queryByTestId('trusted-ca-empty')).toBeNull();
  });

  it('does nothing when the dialog is cancelled, and says why a file is refused', async () => {
    const app = new AppState();
    render(SettingsScreen, { props: { app } });
    await screen.findByTestId('trusted-ca-empty');
    await fireEvent.click(screen.getByTestId('add-ca-button'));
    await waitFor(() => expect(mockedInvoke).toHaveBeenCalledWith('pick_and_trust_certificates', undefined));
    expect(app.error).toBeNull();
    expect(app.notice).toBeNull();

    picked = { kind: 'invalid-input', message: 'ca.pem is not a certificate authority (it cannot sign certificates)' };
    await fireEvent.click(screen.getByTestId('add-ca-button'));
    await waitFor(() => expect(app.error?.message).toMatch(/not a certificate authority/));
    expect((screen.getByTestId('add-ca-button') as HTMLButtonElement).disabled).toBe(false);
    expect(screen.getByTestId('trusted-ca-empty')).toBeTruthy();
  });

  it('asks before removing a certificate authority', async () => {
    preferences.trustedCertificates = [certificate()];
    const app = new AppState();
    render(SettingsScreen, { props: { app } });
    await fireEvent.click(await screen.findByTestId('remove-ca-button'));
    expect(app.confirmation?.title).toMatch(/Stop trusting/);
    expect(app.confirmation?.detail).toContain('Example Intranet CA');
    expect(mockedInvoke).not.toHaveBeenCalledWith('distrust_certificate', expect.anything());
    await app.confirm();
    expect(mockedInvoke).toHaveBeenCalledWith('distrust_certificate', { id: '3F2A9C0B11D4E5F6' });
    await waitFor(() => expect(screen.getByTestId('trusted-ca-empty')).toBeTruthy());
  });

  it('goes back with Escape to where it was opened from', async () => {
    const app = new AppState();
    app.openVerify();
    app.openSettings();
    render(SettingsScreen, { props: { app } });
    await screen.findByTestId('trusted-ca-empty');
    await fireEvent.keyDown(window, { key: 'Escape' });
    expect(app.view).toEqual({ name: 'verify' });
    app.closeVerify();
    expect(app.view).toEqual({ name: 'portfolio' });
  });

  describe('issuer documents kept for offline checks', () => {
    it('explains them and says when there are none', async () => {
      render(SettingsScreen, { props: { app: new AppState() } });
      const section = screen.getByTestId('kept-documents');
      expect(section.textContent).toMatch(/check badges without going online/);
      expect(section.textContent).toMatch(/fetched when you check a badge online/);
      expect(section.textContent).toMatch(/add documents\s+an issuer gave you/);
      expect((await screen.findByTestId('kept-documents-empty')).textContent).toMatch(/No issuer documents kept yet/);
      expect(screen.queryAllByTestId('kept-document')).toHaveLength(0);
      expect(mockedInvoke).toHaveBeenCalledWith('cached_documents', undefined);
    });

    it('lists each document with its id, where it came from, when, and its size', async () => {
      documents = [
        keptDocument(),
        keptDocument({ id: 'https://issuer.example.org/<b>profile</b>', origin: 'imported', bytes: 45_600 as unknown as bigint }),
      ];
      render(SettingsScreen, { props: { app: new AppState() } });
      await waitFor(() => expect(screen.getAllByTestId('kept-document')).toHaveLength(2));
      const [fetched, imported] = screen.getAllByTestId('kept-document');
      expect(fetched!.dataset.id).toBe(documents[0]!.id);
      expect(fetched!.querySelector('[data-testid="kept-document-id"]')?.textContent).toBe(documents[0]!.id);
      expect(fetched!.querySelector('[data-testid="kept-document-id"]')?.classList.contains('mono')).toBe(true);
      expect(fetched!.querySelector('[data-testid="kept-document-origin"]')?.textContent).toMatch(/^fetched on .*2026/);
      expect(fetched!.querySelector('[data-testid="kept-document-size"]')?.textContent).toContain('812 bytes');
      expect(imported!.querySelector('[data-testid="kept-document-origin"]')?.textContent).toMatch(/^added by you on .*2026/);
      expect(imported!.querySelector('[data-testid="kept-document-size"]')?.textContent).toContain('46 KB');
      // Ids are shown as text.
      expect(imported!.querySelector('b')).toBeNull();
      expect(imported!.textContent).toContain('<b>profile</b>');
      expect(screen.getByRole('button', { name: `Forget ${documents[0]!.id}` })).toBe(
        fetched!.querySelector('[data-testid="forget-document-button"]'),
      );
      expect(screen.queryByTestId('kept-documents-empty')).toBeNull();
    });

    it('reads the list again each time Settings opens', async () => {
      const app = new AppState();
      const first = render(SettingsScreen, { props: { app } });
      await screen.findByTestId('kept-documents-empty');
      first.unmount();
      documents = [keptDocument()];
      render(SettingsScreen, { props: { app } });
      await waitFor(() => expect(screen.getAllByTestId('kept-document')).toHaveLength(1));
    });

    it('adds documents from the dialog, busy meanwhile, and says what was kept and what was not', async () => {
      documents = [keptDocument()];
      const app = new AppState();
      render(SettingsScreen, { props: { app } });
      const forget = (await screen.findByTestId('forget-document-button')) as HTMLButtonElement;
      const add = screen.getByTestId('add-documents-button') as HTMLButtonElement;
      expect(add.disabled).toBe(false);

      // Cancelled: nothing said.
      await fireEvent.click(add);
      await waitFor(() => expect(mockedInvoke).toHaveBeenCalledWith('pick_and_cache_documents', undefined));
      await waitFor(() => expect(add.disabled).toBe(false));
      expect(app.notice).toBeNull();
      expect(app.error).toBeNull();

      pickedDocuments = [
        { source: 'downloads/did.json', outcome: { status: 'kept', id: 'did:web:issuer.example.org' } },
        { source: 'downloads/ca.pem', outcome: { status: 'failed', message: 'expected value at line 1 column 1' } },
      ];
      let release!: () => void;
      const gate = new Promise<void>((resolve) => (release = resolve));
      const answer = mockedInvoke.getMockImplementation()!;
      mockedInvoke.mockImplementation(async (command: string, args?: unknown) => {
        if (command === 'pick_and_cache_documents') await gate;
        return answer(command, args as never);
      });
      await fireEvent.click(add);
      await waitFor(() => expect(add.disabled).toBe(true));
      expect(forget.disabled).toBe(true);
      release();
      await waitFor(() => expect(screen.getAllByTestId('kept-document')).toHaveLength(2));
      const [old, item] = screen.getAllByTestId('kept-document');
      expect(old!.classList.contains('added')).toBe(false);
      expect(item!.dataset.id).toBe('did:web:issuer.example.org');
      expect(item!.classList.contains('added')).toBe(true);
      expect(item!.querySelector('[data-testid="kept-document-origin"]')?.textContent).toMatch(/^added by you on/);
      expect(app.notice?.text).toBe('Kept “did:web:issuer.example.org” for offline checks.');
      expect(app.notice?.tone).toBe('success');
      expect(app.error?.message).toBe('Not kept: ca.pem (expected value at line 1 column 1)');
      expect(add.disabled).toBe(false);
      expect(forget.disabled).toBe(false);
    });

    it('counts several kept documents and lists their ids', async () => {
      pickedDocuments = [
        { source: 'a/did.json', outcome: { status: 'kept', id: 'did:web:a.example' } },
        { source: 'a/status.json', outcome: { status: 'kept', id: 'https://a.example/status/1' } },
      ];
      const app = new AppState();
      render(SettingsScreen, { props: { app } });
      await screen.findByTestId('kept-documents-empty');
      await fireEvent.click(screen.getByTestId('add-documents-button'));
      await waitFor(() => expect(screen.getAllByTestId('kept-document')).toHaveLength(2));
      expect(app.notice?.text).toBe('Kept 2 issuer documents for offline checks.');
      expect(app.notice?.details).toEqual(['did:web:a.example', 'https://a.example/status/1']);
      expect(app.error).toBeNull();
    });

    it('asks before forgetting a document, saying what it means offline', async () => {
      documents = [keptDocument(), keptDocument({ id: 'https://issuer.example.org/status/1' })];
      const app = new AppState();
      render(SettingsScreen, { props: { app } });
      await waitFor(() => expect(screen.getAllByTestId('forget-document-button')).toHaveLength(2));
      await fireEvent.click(screen.getAllByTestId('forget-document-button')[0]!);
      expect(app.confirmation?.title).toMatch(/Forget this issuer document/);
      expect(app.confirmation?.message).toMatch(/“unknown” when checked offline until it is kept again/);
      expect(app.confirmation?.detail).toBe(documents[0]!.id);
      expect(app.confirmation?.confirmLabel).toBe('Forget');
      expect(mockedInvoke).not.toHaveBeenCalledWith('remove_cached_document', expect.anything());

      app.cancelConfirmation();
      expect(mockedInvoke).not.toHaveBeenCalledWith('remove_cached_document', expect.anything());

      await fireEvent.click(screen.getAllByTestId('forget-document-button')[0]!);
      await app.confirm();
      expect(mockedInvoke).toHaveBeenCalledWith('remove_cached_document', { id: keptDocument().id });
      await waitFor(() =>
        expect(screen.getAllByTestId('kept-document').map((d) => d.dataset.id)).toEqual(['https://issuer.example.org/status/1']),
      );
      expect(app.notice?.text).toContain('Forgot');
    });

    it('shows the error and the list as the core has it when forgetting fails', async () => {
      documents = [keptDocument()];
      const app = new AppState();
      render(SettingsScreen, { props: { app } });
      await fireEvent.click(await screen.findByTestId('forget-document-button'));
      documents = []; // Gone meanwhile (e.g. forgotten from the command line).
      await app.confirm();
      expect(app.error?.kind).toBe('not-found');
      await waitFor(() => expect(screen.getByTestId('kept-documents-empty')).toBeTruthy());
    });
  });
});
