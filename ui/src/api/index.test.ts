import { invoke } from '@tauri-apps/api/core';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { CommandError, listBadges, removeFromCollection, showBadge, tagBadge } from '.';

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
