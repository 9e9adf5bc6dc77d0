import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor } from '@testing-library/svelte';
import { beforeEach, describe, expect, it, vi } from 'vitest';
import type { ImportReport, VerifiedInput } from '../api';
import { isLink } from '../state/verify.svelte';
import { AppState } from '../state/app.svelte';
import { verificationReport } from '../test/samples';
import VerifyScreen from './VerifyScreen.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

describe('VerifyScreen', () => {
  let identifiers: string[];
  let picked: VerifiedInput[];
  /** How `verify_link` answers; a pending promise lets a test look at the busy state. */
  let linkAnswer: () => Promise<VerifiedInput>;
  /** How `import_link` answers. */
  let importLinkAnswer: (link: string) => Promise<ImportReport>;

  beforeEach(() => {
    identifiers = [];
    picked = [];
    linkAnswer = async () => ({
      input: 'https://issuer.example.org/badges/1.jwt',
      report: verificationReport({ matchedRecipient: 'me@example.org' }),
      notes: ['Could not fetch https://issuer.example.org/status/1: timed out; used the copy cached on 2026-01-01.'],
    });
    importLinkAnswer = async (link) => ({
      imported: 1,
      duplicates: 0,
      failed: 0,
      items: [{ source: link, outcome: { status: 'imported', id: 'e5f6a7b8', name: 'Linked Badge' } }],
    });
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
          return {
            input: 'pasted text',
            report: verificationReport({ verdict: 'invalid', matchedRecipient: 'me@example.org' }),
            notes: [],
          };
        case 'verify_link':
          return linkAnswer();
        case 'import_link':
          return importLinkAnswer(a!.link as string);
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

  it('verifies a link with Enter, busy meanwhile, and shows the report with the core’s notes', async () => {
    let answer!: (verified: VerifiedInput) => void;
    linkAnswer = () => new Promise((resolve) => (answer = resolve));
    render(VerifyScreen, { props: { app: new AppState() } });
    const input = screen.getByLabelText('Verify a link') as HTMLInputElement;
    expect(input.dataset.testid).toBe('verify-link-input');
    const button = screen.getByTestId('verify-link-button') as HTMLButtonElement;
    expect(button.disabled).toBe(true);

    await fireEvent.input(input, { target: { value: ' https://issuer.example.org/badges/1.jwt ' } });
    expect(button.disabled).toBe(false);
    // Enter in the field submits its form.
    await fireEvent.submit(screen.getByTestId('verify-link-form'));
    expect(mockedInvoke).toHaveBeenCalledWith('verify_link', { link: 'https://issuer.example.org/badges/1.jwt' });
    await waitFor(() => expect(button.disabled).toBe(true));
    expect((screen.getByTestId('verify-pick') as HTMLButtonElement).disabled).toBe(true);
    expect(screen.getByTestId('verify-busy').textContent).toContain('Fetching');

    answer({
      input: 'https://issuer.example.org/badges/1.jwt',
      report: verificationReport({ matchedRecipient: 'me@example.org', issuerName: '<b>Issuer</b>' }),
      notes: ['Could not fetch the status list: timed out; used the copy cached on 2026-01-01.'],
    });
    const result = await screen.findByTestId('verify-result');
    expect(result.dataset.source).toBe('link');
    expect(result.dataset.online).toBe('true');
    expect(screen.getByTestId('verify-input').textContent).toBe('https://issuer.example.org/badges/1.jwt');
    expect(screen.getByTestId('verify-mode').textContent).toBe('Checked online');
    expect(screen.getAllByTestId('verify-note').map((n) => n.textContent)).toEqual([
      'Could not fetch the status list: timed out; used the copy cached on 2026-01-01.',
    ]);
    // Badge text stays text.
    expect(result.querySelector('b')).toBeNull();
    expect(result.textContent).toContain('<b>Issuer</b>');
    // The recipient is the earner: the link can be added to the portfolio.
    expect(screen.getByTestId('add-to-portfolio')).toBeTruthy();
    expect(input.value).toBe('');
    expect(button.disabled).toBe(true);
  });

  it('shows a refused link through the error banner and keeps the address', async () => {
    linkAnswer = () =>
      Promise.reject({ kind: 'network', message: 'the address 127.0.0.1 is a loopback address, which is refused' });
    const app = new AppState();
    render(VerifyScreen, { props: { app } });
    const input = screen.getByTestId('verify-link-input') as HTMLInputElement;
    await fireEvent.input(input, { target: { value: 'https://localhost:8443/badge' } });
    await fireEvent.click(screen.getByTestId('verify-link-button'));
    await waitFor(() => expect(app.error?.kind).toBe('network'));
    expect(app.error?.message).toContain('loopback');
    expect(screen.queryByTestId('verify-result')).toBeNull();
    expect(input.value).toBe('https://localhost:8443/badge');
    expect((screen.getByTestId('verify-link-button') as HTMLButtonElement).disabled).toBe(false);

    // Trying again (say, after allowing the address in Settings) clears the old error.
    linkAnswer = async () => ({ input: 'https://localhost:8443/badge', report: verificationReport(), notes: [] });
    await fireEvent.click(screen.getByTestId('verify-link-button'));
    expect(app.error).toBeNull();
    await screen.findByTestId('verify-result');
    expect(screen.queryByTestId('verify-notes')).toBeNull();
  });

  /** Verifies the default link and returns its result card. */
  async function verifiedLink(): Promise<HTMLElement> {
    await fireEvent.input(screen.getByTestId('verify-link-input'), {
      target: { value: 'https://issuer.example.org/badges/1.jwt' },
    });
    await fireEvent.click(screen.getByTestId('verify-link-button'));
    return screen.findByTestId('verify-result');
  }

  it('adds a verified link of the earner’s to the portfolio through the core, busy meanwhile', async () => {
    let answer!: (report: ImportReport) => void;
    importLinkAnswer = () => new Promise((resolve) => (answer = resolve));
    const app = new AppState();
    render(VerifyScreen, { props: { app } });
    const result = await verifiedLink();
    const add = result.querySelector<HTMLButtonElement>('[data-testid="add-to-portfolio"]')!;
    expect(add.textContent).toContain('Add to my portfolio');
    mockedInvoke.mockClear();

    await fireEvent.click(add);
    expect(mockedInvoke).toHaveBeenCalledWith('import_link', { link: 'https://issuer.example.org/badges/1.jwt' });
    await waitFor(() => expect(add.disabled).toBe(true));
    expect(screen.getByTestId('adding-status').textContent).toMatch(/Downloading/);

    answer({
      imported: 1,
      duplicates: 0,
      failed: 0,
      items: [
        {
          source: 'https://issuer.example.org/badges/1.jwt',
          outcome: { status: 'imported', id: 'e5f6a7b8', name: 'Linked <i>Badge</i>' },
        },
      ],
    });
    const status = await screen.findByTestId('added-status');
    expect(status.textContent).toBe('Added “Linked <i>Badge</i>” to your portfolio.');
    expect(status.querySelector('i')).toBeNull();
    expect(screen.queryByTestId('adding-status')).toBeNull();
    expect(add.disabled).toBe(true);
    // Like files: the import report, and the portfolio list read again.
    expect(app.report?.kind).toBe('import');
    expect(app.report?.summary).toBe('1 badge imported');
    expect(mockedInvoke).toHaveBeenCalledWith('list_badges', expect.anything());
    expect(app.error).toBeNull();
  });

  it('says when a linked badge is already in the portfolio', async () => {
    importLinkAnswer = async (link) => ({
      imported: 0,
      duplicates: 1,
      failed: 0,
      items: [{ source: link, outcome: { status: 'duplicate', id: 'e5f6a7b8', name: 'Linked Badge' } }],
    });
    render(VerifyScreen, { props: { app: new AppState() } });
    const result = await verifiedLink();
    await fireEvent.click(result.querySelector('[data-testid="add-to-portfolio"]')!);
    expect((await screen.findByTestId('added-status')).textContent).toBe('“Linked Badge” is already in your portfolio.');
  });

  it('shows why a link could not be added beside it, and lets the user try again', async () => {
    importLinkAnswer = () => Promise.reject({ kind: 'network', message: 'could not reach issuer.example.org: timed out' });
    const app = new AppState();
    render(VerifyScreen, { props: { app } });
    const result = await verifiedLink();
    const add = result.querySelector<HTMLButtonElement>('[data-testid="add-to-portfolio"]')!;
    await fireEvent.click(add);
    const status = await screen.findByTestId('added-status');
    expect(status.textContent).toBe('Not added: could not reach issuer.example.org: timed out');
    expect(app.error).toBeNull();
    expect(app.report).toBeNull();
    await waitFor(() => expect(add.disabled).toBe(false));

    // The core's outcome for an item that fails is final.
    importLinkAnswer = async (link) => ({
      imported: 0,
      duplicates: 0,
      failed: 1,
      items: [{ source: link, outcome: { status: 'failed', message: 'the badge was issued after it expired' } }],
    });
    await fireEvent.click(add);
    await waitFor(() =>
      expect(screen.getByTestId('added-status').textContent).toBe('Not added: the badge was issued after it expired'),
    );
    expect(add.disabled).toBe(true);
  });

  it('offers nothing to add for a link issued to someone else', async () => {
    render(VerifyScreen, { props: { app: new AppState() } });
    linkAnswer = async () => ({
      input: 'https://issuer.example.org/badges/1.jwt',
      report: verificationReport({ matchedRecipient: null }),
      notes: [],
    });
    await verifiedLink();
    expect(screen.queryByTestId('add-to-portfolio')).toBeNull();
  });

  it('verifies a pasted lone https address as a link', async () => {
    render(VerifyScreen, { props: { app: new AppState() } });
    const area = screen.getByTestId('verify-text') as HTMLTextAreaElement;
    await fireEvent.input(area, { target: { value: '  https://issuer.example.org/badges/1.jwt\n' } });
    expect(screen.getByTestId('verify-text-button').textContent).toContain('Verify link');
    await fireEvent.keyDown(area, { key: 'Enter', ctrlKey: true });
    const result = await screen.findByTestId('verify-result');
    expect(result.dataset.source).toBe('link');
    expect(mockedInvoke).toHaveBeenCalledWith('verify_link', { link: 'https://issuer.example.org/badges/1.jwt' });
    expect(mockedInvoke).not.toHaveBeenCalledWith('verify_text', expect.anything());
  });

  it('goes online for files and pasted text only when asked', async () => {
    picked = [{ input: 'badges/mine.json', report: verificationReport(), notes: [] }];
    render(VerifyScreen, { props: { app: new AppState() } });
    const online = screen.getByLabelText(/Also go online for missing keys and current revocation status/) as HTMLInputElement;
    expect(online.checked).toBe(false);
    await fireEvent.click(screen.getByTestId('verify-pick'));
    await waitFor(() => expect(screen.getAllByTestId('verify-result')).toHaveLength(1));
    expect(mockedInvoke).toHaveBeenCalledWith('pick_and_verify', { online: false });
    expect(screen.getByTestId('verify-mode').textContent).toBe('Offline');

    await fireEvent.click(online);
    expect(online.checked).toBe(true);
    await fireEvent.click(screen.getByTestId('verify-pick'));
    await waitFor(() => expect(screen.getAllByTestId('verify-result')).toHaveLength(2));
    expect(mockedInvoke).toHaveBeenCalledWith('pick_and_verify', { online: true });
    await fireEvent.input(screen.getByTestId('verify-text'), { target: { value: '{"a":1}' } });
    await fireEvent.click(screen.getByTestId('verify-text-button'));
    await waitFor(() => expect(screen.getAllByTestId('verify-result')).toHaveLength(3));
    expect(mockedInvoke).toHaveBeenCalledWith('verify_text', { text: '{"a":1}', online: true });
  });

  it('tells a lone web address from a badge', () => {
    expect(isLink('https://issuer.example.org/b/1')).toBe(true);
    expect(isLink('  HTTP://issuer.example.org/b/1 \n')).toBe(true);
    expect(isLink('{"id": "https://issuer.example.org/b/1"}')).toBe(false);
    expect(isLink('https://a.example/1 https://b.example/2')).toBe(false);
    expect(isLink('eyJhbGciOiJFZERTQSJ9.e30.c2ln')).toBe(false);
  });
});
