import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { NetworkPreferences, TrustedCertificate } from '../api';
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

describe('SettingsScreen', () => {
  let preferences: NetworkPreferences;
  /** What the certificate dialog gives: a list, null (cancelled) or an error to reject with. */
  let picked: TrustedCertificate[] | null | { kind: string; message: string };

  beforeEach(() => {
    preferences = { allowPrivateNetwork: false, trustedCertificates: [] };
    picked = null;
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
});
