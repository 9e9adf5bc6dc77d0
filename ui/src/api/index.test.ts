import { invoke } from '@tauri-apps/api/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import {
  CommandError,
  badgeQrPreview,
  copyEmailSignature,
  listBadges,
  openLink,
  picturePresets,
  removeFromCollection,
  saveBadgePicture,
  saveBadgeQr,
  setIssuerLinkedin,
  shareInfo,
  showBadge,
  tagBadge,
} from '.';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

describe('api', () => {
  beforeEach(() => {
    mockedInvoke.mockReset();
  });

  it('calls the commands by their Rust names with their parameter names', async () => {
    mockedInvoke.mockResolvedValue({ items: [], total: 0 });
    const query = { search: 'rust', tag: null, issuer: null, collection: null, limit: 60, offset: 0 };
    await listBadges(query);
    expect(mockedInvoke).toHaveBeenLastCalledWith('list_badges', { query });

    mockedInvoke.mockResolvedValue(null);
    await tagBadge('a1', ['rust']);
    expect(mockedInvoke).toHaveBeenLastCalledWith('tag_badge', { id: 'a1', tags: ['rust'] });
    await removeFromCollection('Work', 'a1');
    expect(mockedInvoke).toHaveBeenLastCalledWith('remove_from_collection', { name: 'Work', id: 'a1' });
  });

  it('calls the share commands with camelCase names for the Rust parameters', async () => {
    mockedInvoke.mockResolvedValue(null);
    await shareInfo('a1', null);
    expect(mockedInvoke).toHaveBeenLastCalledWith('share_info', { id: 'a1', imageFile: null });
    await picturePresets();
    expect(mockedInvoke).toHaveBeenLastCalledWith('picture_presets', undefined);
    await saveBadgePicture('a1', 600);
    expect(mockedInvoke).toHaveBeenLastCalledWith('save_badge_picture', { id: 'a1', side: 600 });
    await badgeQrPreview('a1', 256, 'M');
    expect(mockedInvoke).toHaveBeenLastCalledWith('badge_qr_preview', { id: 'a1', side: 256, level: 'M' });
    await saveBadgeQr('a1', 'svg', 512, 'H');
    expect(mockedInvoke).toHaveBeenLastCalledWith('save_badge_qr', { id: 'a1', format: 'svg', side: 512, level: 'H' });
    await setIssuerLinkedin('did:web:x', '1337');
    expect(mockedInvoke).toHaveBeenLastCalledWith('set_issuer_linkedin', { issuer: 'did:web:x', organizationId: '1337' });
    await copyEmailSignature('a1', '/tmp/b.png');
    expect(mockedInvoke).toHaveBeenLastCalledWith('copy_email_signature', { id: 'a1', imageFile: '/tmp/b.png' });
    await openLink('https://www.linkedin.com/');
    expect(mockedInvoke).toHaveBeenLastCalledWith('open_link', { url: 'https://www.linkedin.com/' });
  });

  it('turns an IpcError into a CommandError with the same kind', async () => {
    mockedInvoke.mockImplementation(() => Promise.reject({ kind: 'not-found', message: 'no badge with id zz' }));
    const error = await showBadge('zz').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CommandError);
    expect((error as CommandError).kind).toBe('not-found');
    expect((error as CommandError).message).toBe('no badge with id zz');
  });

  it('reports a rejection that is not a Rosette error as unexpected', async () => {
    mockedInvoke.mockImplementation(() => Promise.reject('Command show_badge not allowed by ACL'));
    const error = await showBadge('zz').catch((e: unknown) => e);
    expect((error as CommandError).kind).toBe('unexpected');
  });
});
