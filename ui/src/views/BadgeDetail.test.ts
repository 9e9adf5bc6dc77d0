import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { AppState } from '../state/app.svelte';
import { detail, PRESETS, shareInfo, verificationReport } from '../test/samples';
import BadgeDetail from './BadgeDetail.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

describe('BadgeDetail', () => {
  let tags: string[];

  beforeEach(() => {
    tags = [];
    mockedInvoke.mockReset();
    mockedInvoke.mockImplementation(async (command: string, args?: unknown) => {
      const a = args as Record<string, unknown> | undefined;
      switch (command) {
        case 'show_badge':
          return detail({ user: { tags: [...tags], collections: [], visibility: 'private', note: '' } });
        case 'tag_badge':
          tags.push(...(a!.tags as string[]));
          return null;
        case 'list_badges':
          return { items: [], total: 0 };
        case 'badge_facets':
          return { issuers: [], tags: [], collections: [] };
        case 'share_info':
          return shareInfo();
        case 'picture_presets':
          return PRESETS;
        case 'check_badge':
          return {
            input: a!.id,
            report: verificationReport({ verdict: (a!.online as boolean) ? 'revoked' : 'valid' }),
            notes: (a!.online as boolean) ? ['https://issuer.example/status/1: the server answered HTTP 503'] : [],
          };
        case 'badge_qr_preview':
          return { mediaType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' };
        default:
          throw { kind: 'invalid-input', message: `unexpected command ${command}` };
      }
    });
  });

  it('shows the badge, the issuer identifier, text as text and criteria from the core', async () => {
    render(BadgeDetail, { props: { app: new AppState(), id: 'a1b2c3d4' } });
    await screen.findByTestId('detail-name');
    expect(screen.getByTestId('detail-name').textContent).toBe('Rust Fundamentals');
    expect(screen.getByTestId('detail-issuer').textContent).toBe('Example Society of Engineers');
    expect(screen.getByTestId('detail-issuer-id').textContent?.trim()).toBe(
      'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8',
    );
    const description = screen.getByTestId('detail-description');
    expect(description.textContent).toBe('First line.\nSecond line <b>not bold</b>.');
    expect(description.querySelector('b')).toBeNull();
    const criteria = screen.getByTestId('criteria');
    expect(criteria.querySelector('strong')?.textContent).toBe('this');
    expect(criteria.querySelector('script')).toBeNull();
    expect(criteria.textContent).toContain('<script>alert(1)</script>');
    expect(screen.getByTestId('proofs').textContent).toContain('as declared');
    expect(screen.getByTestId('recipient-hashed').textContent).toBe('hashed');
    expect(screen.getByTestId('original-pretty').textContent).toBe('{\n  "a": 1\n}');
  });

  it('adds a tag with Enter and shows the chip the core now has', async () => {
    render(BadgeDetail, { props: { app: new AppState(), id: 'a1b2c3d4' } });
    const input = (await screen.findByTestId('tag-input')) as HTMLInputElement;
    await fireEvent.input(input, { target: { value: '  rust  ' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('tag-chip').map((c) => c.dataset.tag)).toEqual(['rust']));
    expect(mockedInvoke).toHaveBeenCalledWith('tag_badge', { id: 'a1b2c3d4', tags: ['rust'] });
    expect(input.value).toBe('');
  });

  it('asks before removing, naming the badge, and removes only once confirmed', async () => {
    const app = new AppState();
    render(BadgeDetail, { props: { app, id: 'a1b2c3d4' } });
    await fireEvent.click(await screen.findByTestId('remove-badge'));
    expect(app.confirmation?.message).toContain('Rust Fundamentals');
    app.cancelConfirmation();
    expect(app.confirmation).toBeNull();
    expect(mockedInvoke).not.toHaveBeenCalledWith('remove_badge', expect.anything());

    mockedInvoke.mockImplementationOnce(async () => 'Rust Fundamentals');
    await fireEvent.click(screen.getByTestId('remove-badge'));
    await app.confirm();
    expect(mockedInvoke).toHaveBeenCalledWith('remove_badge', { id: 'a1b2c3d4' });
    expect(app.view).toEqual({ name: 'portfolio' });
    expect(app.notice?.text).toBe('Removed “Rust Fundamentals” from your portfolio');
  });

  it('has Details and Share tabs; Share is prepared when first opened and reached with the arrow keys', async () => {
    render(BadgeDetail, { props: { app: new AppState(), id: 'a1b2c3d4' } });
    const details = await screen.findByTestId('tab-details');
    const share = screen.getByTestId('tab-share');
    expect(details.getAttribute('aria-selected')).toBe('true');
    expect(share.getAttribute('tabindex')).toBe('-1');
    expect(screen.queryByTestId('share-panel')).toBeNull();
    expect(mockedInvoke).not.toHaveBeenCalledWith('share_info', expect.anything());

    details.focus();
    await fireEvent.keyDown(details, { key: 'ArrowRight' });
    expect(share.getAttribute('aria-selected')).toBe('true');
    expect(document.activeElement).toBe(share);
    await screen.findByTestId('share-linkedin');
    expect(mockedInvoke).toHaveBeenCalledWith('share_info', { id: 'a1b2c3d4', imageFile: null });
    expect(document.getElementById('panel-details')?.hidden).toBe(true);
    expect(document.getElementById('panel-share')?.getAttribute('aria-labelledby')).toBe('tab-share');

    await fireEvent.keyDown(share, { key: 'Home' });
    expect(details.getAttribute('aria-selected')).toBe('true');
    expect(document.getElementById('panel-details')?.hidden).toBe(false);
    // Kept, hidden, so that what was typed there is not lost.
    expect(document.getElementById('panel-share')?.hidden).toBe(true);
  });

  it('checks again offline or online, as the user chooses', async () => {
    const app = new AppState();
    render(BadgeDetail, { props: { app, id: 'a1b2c3d4' } });
    const offline = (await screen.findByTestId('check-again')) as HTMLButtonElement;
    const online = screen.getByTestId('check-again-online') as HTMLButtonElement;
    expect(online.textContent).toContain('Check again online');
    await fireEvent.click(offline);
    expect(mockedInvoke).toHaveBeenCalledWith('check_badge', { id: 'a1b2c3d4', online: false });
    await waitFor(() => expect(online.disabled).toBe(false));
    await fireEvent.click(online);
    expect(offline.disabled).toBe(true);
    expect(online.disabled).toBe(true);
    expect(mockedInvoke).toHaveBeenCalledWith('check_badge', { id: 'a1b2c3d4', online: true });
    await waitFor(() => expect(online.disabled).toBe(false));
    // The online check's note about a failed fetch is said; the offline one said nothing.
    await waitFor(() =>
      expect(app.notice?.details).toEqual(['https://issuer.example/status/1: the server answered HTTP 503']),
    );
  });
});
