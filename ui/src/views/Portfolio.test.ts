import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { CheckAllReport, CheckProgress } from '../api';
import { AppState, checkAllText } from '../state/app.svelte';
import { summary } from '../test/samples';
import Portfolio from './Portfolio.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
vi.mock('@tauri-apps/api/event', () => ({ listen: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);
const mockedListen = vi.mocked(listen);

describe('Portfolio "Check all"', () => {
  let emit: ((payload: CheckProgress) => void) | undefined;
  let finish: ((report: CheckAllReport) => void) | undefined;
  let unlistened: boolean;

  beforeEach(() => {
    emit = undefined;
    finish = undefined;
    unlistened = false;
    mockedListen.mockReset();
    mockedListen.mockImplementation(async (event, handler) => {
      expect(event).toBe('check-progress');
      emit = (payload) => handler({ event: 'check-progress', id: 1, payload } as never);
      return () => {
        unlistened = true;
      };
    });
    mockedInvoke.mockReset();
    mockedInvoke.mockImplementation(async (command: string) => {
      switch (command) {
        case 'list_badges':
          return { items: [summary(), summary({ id: 'b2', name: 'Second' })], total: 2 };
        case 'badge_facets':
          return { issuers: [], tags: [], collections: [] };
        case 'check_all_badges':
          return new Promise((resolve) => (finish = resolve));
        default:
          throw { kind: 'invalid-input', message: `unexpected command ${command}` };
      }
    });
  });

  it('shows progress from the core’s events, then the counts, and reloads the grid', async () => {
    const app = new AppState();
    render(Portfolio, { props: { app, active: true, returnFocusTo: null } });
    await app.portfolio.refresh();
    const button = (await screen.findByTestId('check-all')) as HTMLButtonElement;
    await fireEvent.click(button);
    await waitFor(() => expect(emit).toBeDefined());
    await waitFor(() => expect(finish).toBeDefined());
    expect(button.disabled).toBe(true);

    emit!({ done: 1, total: 2 });
    await waitFor(() => expect(screen.getByTestId('check-progress-text').textContent).toBe('1 of 2'));
    const bar = screen.getByTestId('check-progress-bar') as HTMLProgressElement;
    expect(bar.max).toBe(2);
    expect(bar.value).toBe(1);

    const listCalls = mockedInvoke.mock.calls.filter(([c]) => c === 'list_badges').length;
    finish!({ checked: 2, valid: 1, invalid: 0, expired: 1, revoked: 0, unknown: 0, notes: [] });
    await waitFor(() => expect(screen.queryByTestId('check-progress')).toBeNull());
    expect(app.notice?.text).toBe('Checked 2 badges: 1 valid, 1 expired');
    expect(button.disabled).toBe(false);
    expect(unlistened).toBe(true);
    expect(mockedInvoke.mock.calls.filter(([c]) => c === 'list_badges').length).toBeGreaterThan(listCalls);
  });

  it('checks all online and shows the core’s notes with the counts', async () => {
    const app = new AppState();
    render(Portfolio, { props: { app, active: true, returnFocusTo: null } });
    await app.portfolio.refresh();
    const online = (await screen.findByTestId('check-all-online')) as HTMLButtonElement;
    await fireEvent.click(online);
    await waitFor(() => expect(finish).toBeDefined());
    expect(mockedInvoke).toHaveBeenCalledWith('check_all_badges', { online: true });
    expect(online.disabled).toBe(true);
    expect((screen.getByTestId('check-all') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('check-progress-bar').getAttribute('aria-label')).toBe('Checking badges online');
    finish!({
      checked: 2,
      valid: 1,
      invalid: 0,
      expired: 0,
      revoked: 1,
      unknown: 0,
      notes: ['Could not fetch https://issuer.example.org/status: timed out; used the copy cached on 2026-01-01.'],
    });
    await waitFor(() => expect(app.notice?.text).toBe('Checked 2 badges: 1 valid, 1 revoked'));
    expect(app.notice?.details).toEqual([
      'Could not fetch https://issuer.example.org/status: timed out; used the copy cached on 2026-01-01.',
    ]);
    await waitFor(() => expect(app.checkingOnline).toBe(false));
    expect(online.disabled).toBe(false);
  });

  it('words the counts', () => {
    expect(checkAllText({ checked: 1, valid: 1, invalid: 0, expired: 0, revoked: 0, unknown: 0, notes: [] })).toBe(
      'Checked 1 badge: 1 valid',
    );
    expect(checkAllText({ checked: 0, valid: 0, invalid: 0, expired: 0, revoked: 0, unknown: 0, notes: [] })).toBe('Checked 0 badges');
  });
});
