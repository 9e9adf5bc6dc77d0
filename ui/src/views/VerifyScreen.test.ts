import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { VerifiedInput } from '../api';
import { AppState } from '../state/app.svelte';
import { verificationReport } from '../test/samples';
import VerifyScreen from './VerifyScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

describe('VerifyScreen', () => {
  let identifiers: string[];
  let picked: VerifiedInput[];

  beforeEach(() => {
    identifiers = [];
    picked = [];
    mockedInvoke.mockReset();
    mockedInvoke.mockImplementation(async (command: string, args?: unknown) => {
      const a = args as Record<string, unknown> | undefined;
      switch (command) {
        case 'my_identifiers':
          return [...identifiers];
        case 'add_my_identifier':
          identifiers.push(a!.identifier as string);
          return null;
        case 'remove_my_identifier':
          identifiers = identifiers.filter((i) => i !== a!.identifier);
          return null;
        case 'pick_and_verify':
          return picked;
        case 'verify_text':
          return { input: 'pasted text', report: verificationReport({ verdict: 'invalid', matchedRecipient: 'me@example.org' }) };
        case 'save_report':
          return 'reports/verification-report.json';
        case 'import_paths':
          return {
            imported: 1,
            duplicates: 0,
            failed: 0,
            items: [{ source: (a!.paths as string[])[0], outcome: { status: 'imported', id: 'a1b2c3d4', name: 'Mine' } }],
          };
        case 'list_badges':
          return { items: [], total: 0 };
        case 'badge_facets':
          return { issuers: [], tags: [], collections: [] };
        default:
          throw { kind: 'invalid-input', message: `unexpected command ${command}` };
      }
    });
  });

  it('offers "Add to my portfolio" only for a file whose recipient the core matched', async () => {
    picked = [
      { input: 'badges/theirs.json', report: verificationReport({ matchedRecipient: null }), notes: [] },
      { input: 'badges/mine.json', report: verificationReport({ matchedRecipient: 'me@example.org' }), notes: [] },
    ];
    const app = new AppState();
    render(VerifyScreen, { props: { app } });
    await fireEvent.click(screen.getByTestId('verify-pick'));
    await waitFor(() => expect(screen.getAllByTestId('verify-result')).toHaveLength(2));
    const [theirs, mine] = screen.getAllByTestId('verify-result');
    expect(theirs!.textContent).toContain('theirs.json');
    expect(theirs!.querySelector('[data-testid="add-to-portfolio"]')).toBeNull();
    const add = mine!.querySelector<HTMLButtonElement>('[data-testid="add-to-portfolio"]');
    expect(add).not.toBeNull();
    expect(mine!.querySelector('[data-testid="matched-recipient"]')?.textContent).toContain('me@example.org');

    await fireEvent.click(add!);
    await waitFor(() => expect(mine!.querySelector('[data-testid="added-status"]')?.textContent).toContain('Mine'));
    expect(mockedInvoke).toHaveBeenCalledWith('import_paths', { paths: ['badges/mine.json'] });
    expect(app.report?.kind).toBe('import');
  });

  it('never offers to add pasted text, verifies it and saves the report', async () => {
    render(VerifyScreen, { props: { app: new AppState() } });
    const area = screen.getByTestId('verify-text') as HTMLTextAreaElement;
    await fireEvent.input(area, { target: { value: '{"not":"a badge"}' } });
    await fireEvent.click(screen.getByTestId('verify-text-button'));
    const result = await screen.findByTestId('verify-result');
    expect(result.dataset.verdict).toBe('invalid');
    expect(mockedInvoke).toHaveBeenCalledWith('verify_text', { text: '{"not":"a badge"}', online: false });
    expect(screen.queryByTestId('add-to-portfolio')).toBeNull();

    await fireEvent.click(screen.getByTestId('save-printable'));
    expect((await screen.findByTestId('saved-to')).textContent).toBe('Saved to reports/verification-report.json');
    expect(mockedInvoke).toHaveBeenCalledWith('save_report', {
      verified: expect.objectContaining({ input: 'pasted text' }),
      printable: true,
    });
  });

  it('says the recipient cannot be checked without identifiers, and adds one with Enter', async () => {
    render(VerifyScreen, { props: { app: new AppState() } });
    expect((await screen.findByTestId('no-identifiers')).textContent).toMatch(/email addresses/);
    await fireEvent.click(screen.getByTestId('go-to-identifiers'));
    const input = screen.getByTestId('identifier-input') as HTMLInputElement;
    expect(document.activeElement).toBe(input);
    await fireEvent.input(input, { target: { value: ' me@example.org ' } });
    await fireEvent.keyDown(input, { key: 'Enter' });
    await waitFor(() => expect(screen.getAllByTestId('identifier').map((i) => i.dataset.identifier)).toEqual(['me@example.org']));
    expect(mockedInvoke).toHaveBeenCalledWith('add_my_identifier', { identifier: 'me@example.org' });
    expect(screen.queryByTestId('no-identifiers')).toBeNull();
  });

  it('asks before removing an identifier', async () => {
    identifiers = ['me@example.org'];
    const app = new AppState();
    render(VerifyScreen, { props: { app } });
    await fireEvent.click(await screen.findByTestId('identifier-remove'));
    expect(app.confirmation?.detail).toBe('me@example.org');
    expect(mockedInvoke).not.toHaveBeenCalledWith('remove_my_identifier', expect.anything());
    await app.confirm();
    expect(mockedInvoke).toHaveBeenCalledWith('remove_my_identifier', { identifier: 'me@example.org' });
    await waitFor(() => expect(screen.queryAllByTestId('identifier')).toHaveLength(0));
  });
});
