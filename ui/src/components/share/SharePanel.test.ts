import { invoke } from '@tauri-apps/api/core';
import { fireEvent, render, screen, waitFor, within } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { ShareInfo } from '../../api';
import { AppState } from '../../state/app.svelte';
import { ADD_URL, PAGE, POST_URL, PRESETS, shareInfo } from '../../test/samples';
import { organizationIdOf, organizationIdProblem, pictureSideProblem } from './limits';
import SharePanel from './SharePanel.svelte';

vi.mock('@tauri-apps/api/core', () => ({ invoke: vi.fn() }));
const mockedInvoke = vi.mocked(invoke);

const ID = 'a1b2c3d4';
const EVIL = '<img src=x onerror=alert(1)>';

type Overrides = Record<string, (args: Record<string, unknown>) => unknown>;

/** Answers like the core; `info` is what share_info returns (it may be changed by the test). */
function answer(info: () => ShareInfo, overrides: Overrides = {}) {
  mockedInvoke.mockImplementation(async (command: string, args?: unknown) => {
    const a = (args ?? {}) as Record<string, unknown>;
    if (overrides[command]) return overrides[command](a);
    switch (command) {
      case 'share_info':
        return info();
      case 'picture_presets':
        return PRESETS;
      case 'badge_qr_preview':
        return { mediaType: 'image/png', dataUrl: 'data:image/png;base64,iVBORw0KGgo=' };
      default:
        throw { kind: 'invalid-input', message: `unexpected command ${command}` };
    }
  });
}

function calls(command: string): Record<string, unknown>[] {
  return mockedInvoke.mock.calls.filter(([c]) => c === command).map(([, a]) => a as Record<string, unknown>);
}

async function setup(info: () => ShareInfo = () => shareInfo(), overrides: Overrides = {}) {
  answer(info, overrides);
  const app = new AppState();
  render(SharePanel, { props: { app, id: ID, name: 'Rust Fundamentals', imageHash: null } });
  await screen.findByTestId('share-linkedin');
  await waitFor(() => expect(screen.getAllByTestId('picture-preset')).toHaveLength(4));
  return app;
}

describe('SharePanel', () => {
  beforeEach(() => {
    mockedInvoke.mockReset();
  });

  afterEach(() => {
    vi.unstubAllGlobals();
  });

  describe('picture', () => {
    it('labels the presets with the sizes the core gives and saves the chosen one', async () => {
      const app = await setup(() => shareInfo(), { save_badge_picture: () => '/home/me/Pictures/badge-600.png' });
      const buttons = screen.getAllByTestId('picture-preset');
      expect(buttons.map((b) => b.textContent?.trim())).toEqual([
        'Email signature (120 px)',
        'Slide (600 px)',
        'Print (2000 px)',
        'Original size',
      ]);
      await fireEvent.click(buttons[1]!);
      expect(await screen.findByTestId('picture-saved')).toHaveProperty(
        'textContent',
        expect.stringContaining('Saved to /home/me/Pictures/badge-600.png'),
      );
      expect(calls('save_badge_picture')).toEqual([{ id: ID, side: 600 }]);
      await fireEvent.click(buttons[3]!);
      await waitFor(() => expect(calls('save_badge_picture')).toHaveLength(2));
      expect(calls('save_badge_picture')[1]).toEqual({ id: ID, side: null });
      expect(app.error).toBeNull();
    });

    it('says nothing when the save dialog is cancelled, and shows failures in the banner', async () => {
      let result: () => unknown = () => null;
      const app = await setup(() => shareInfo(), { save_badge_picture: () => result() });
      await fireEvent.click(screen.getAllByTestId('picture-preset')[0]!);
      await waitFor(() => expect(calls('save_badge_picture')).toHaveLength(1));
      await waitFor(() => expect(screen.getAllByTestId('picture-preset')[0]!.hasAttribute('disabled')).toBe(false));
      expect(screen.queryByTestId('picture-saved')).toBeNull();

      result = () => {
        throw { kind: 'image', message: 'the badge image cannot be read' };
      };
      await fireEvent.click(screen.getAllByTestId('picture-preset')[0]!);
      await waitFor(() => expect(app.error?.kind).toBe('image'));
      expect(screen.queryByTestId('picture-saved')).toBeNull();
    });

    it('validates the custom size before saving', async () => {
      await setup(() => shareInfo(), { save_badge_picture: () => '/tmp/badge.png' });
      const input = screen.getByTestId('custom-size') as HTMLInputElement;
      const hint = screen.getByTestId('custom-size-hint');
      for (const bad of ['', '10', '4097', '12.5', '-300']) {
        await fireEvent.input(input, { target: { value: bad } });
        await fireEvent.click(screen.getByTestId('custom-size-save'));
        expect(hint.textContent?.trim()).toBe('Enter a whole number of pixels from 16 to 4096.');
        expect(input.getAttribute('aria-invalid')).toBe('true');
      }
      expect(calls('save_badge_picture')).toEqual([]);

      await fireEvent.input(input, { target: { value: '300' } });
      expect(input.getAttribute('aria-invalid')).toBe('false');
      // Enter in the field submits it.
      await fireEvent.submit(input.form!);
      await waitFor(() => expect(calls('save_badge_picture')).toEqual([{ id: ID, side: 300 }]));
      expect((await screen.findByTestId('picture-saved')).textContent).toContain('/tmp/badge.png');
    });

    it('checks sizes like the core', () => {
      expect(pictureSideProblem(16)).toBeNull();
      expect(pictureSideProblem(4096)).toBeNull();
      expect(pictureSideProblem('600')).toBeNull();
      for (const bad of [15, 4097, 1.5, NaN, null, undefined, '', 'abc']) expect(pictureSideProblem(bad)).not.toBeNull();
    });
  });

  describe('LinkedIn', () => {
    it('opens the add-to-profile link only after a confirmation showing the exact address', async () => {
      const app = await setup(() => shareInfo(), { open_link: () => null });
      expect(screen.getByTestId('linkedin-add-url').textContent).toBe(ADD_URL);

      await fireEvent.click(screen.getByTestId('linkedin-add'));
      expect(app.confirmation?.detail).toBe(ADD_URL);
      expect(calls('open_link')).toEqual([]);
      app.cancelConfirmation();
      expect(app.confirmation).toBeNull();
      expect(calls('open_link')).toEqual([]);

      await fireEvent.click(screen.getByTestId('linkedin-add'));
      await app.confirm();
      expect(calls('open_link')).toEqual([{ url: ADD_URL }]);
      expect(app.notice?.text).toMatch(/browser/);
    });

    it('does the same for the post link', async () => {
      const app = await setup(() => shareInfo(), { open_link: () => null });
      expect(screen.getByTestId('linkedin-post-url').textContent).toBe(POST_URL);
      await fireEvent.click(screen.getByTestId('linkedin-post'));
      expect(app.confirmation?.detail).toBe(POST_URL);
      expect(calls('open_link')).toEqual([]);
      await app.confirm();
      expect(calls('open_link')).toEqual([{ url: POST_URL }]);
    });

    it('shows the fields as text, each with a copy button', async () => {
      const writeText = vi.fn(async () => undefined);
      vi.stubGlobal('navigator', { ...navigator, clipboard: { writeText } });
      const info = shareInfo();
      info.linkedin.fields = [
        { label: 'Name', value: EVIL },
        { label: '<b>Issuing organization</b>', value: '<script>alert(2)</script>' },
      ];
      await setup(() => info);
      const fields = screen.getByTestId('linkedin-fields');
      expect(fields.querySelector('img')).toBeNull();
      expect(fields.querySelector('script')).toBeNull();
      expect(fields.querySelector('b')).toBeNull();
      expect(within(fields).getAllByTestId('field-value').map((v) => v.textContent)).toEqual([
        EVIL,
        '<script>alert(2)</script>',
      ]);
      expect(within(fields).getAllByTestId('field-label')[1]!.textContent).toBe('<b>Issuing organization</b>');

      const copy = within(fields).getAllByTestId('field-copy')[0]!;
      expect(copy.getAttribute('aria-label')).toBe('Copy Name');
      await fireEvent.click(copy);
      expect(writeText).toHaveBeenCalledWith(EVIL);
      await waitFor(() => expect(copy.textContent?.trim()).toBe('Copied'));
    });

    it('says plainly that a badge without a public page has no post link', async () => {
      await setup(() => shareInfo({ publicPage: null, linkedin: { ...shareInfo().linkedin, postUrl: null } }));
      expect(screen.queryByTestId('linkedin-post')).toBeNull();
      expect(screen.getByTestId('linkedin-no-public-page').textContent).toMatch(/no public web page/);
    });

    it('saves, validates and forgets the issuer’s organization id, then shows the new links', async () => {
      let saved: string | null = null;
      const info = () => {
        const base = shareInfo();
        if (saved === null) return base;
        const url = ADD_URL.replace('organizationName=Example+Society+of+Engineers', `organizationId=${saved}`);
        return { ...base, linkedin: { ...base.linkedin, addToProfileUrl: url, organizationSource: 'saved' as const } };
      };
      const app = await setup(info, {
        set_issuer_linkedin: (a) => {
          saved = a.organizationId as string | null;
          return 'Example Society of Engineers';
        },
      });
      expect(screen.getByTestId('organization-source').dataset.source).toBe('name');

      const input = screen.getByTestId('organization-input') as HTMLInputElement;
      await fireEvent.input(input, { target: { value: 'acme' } });
      await fireEvent.click(screen.getByTestId('organization-save'));
      expect(screen.getByTestId('organization-hint').textContent).toMatch(/digits only/);
      expect(calls('set_issuer_linkedin')).toEqual([]);

      await fireEvent.input(input, { target: { value: ' 1337 ' } });
      await fireEvent.click(screen.getByTestId('organization-save'));
      await waitFor(() => expect(screen.getByTestId('linkedin-add-url').textContent).toContain('organizationId=1337'));
      expect(calls('set_issuer_linkedin')).toEqual([
        { issuer: 'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8', organizationId: '1337' },
      ]);
      expect(screen.getByTestId('organization-source').dataset.source).toBe('saved');
      expect(screen.getByTestId('organization-saved-id').textContent).toBe('1337');
      expect((screen.getByTestId('organization-input') as HTMLInputElement).value).toBe('');
      expect(app.notice?.text).toBe('Saved the LinkedIn organization id of Example Society of Engineers');

      await fireEvent.click(screen.getByTestId('organization-forget'));
      await waitFor(() => expect(screen.getByTestId('organization-source').dataset.source).toBe('name'));
      expect(calls('set_issuer_linkedin')[1]).toEqual({
        issuer: 'did:key:z6MkwH8hP7HJpVWp6HbevqVbu7JjoWiUKQCm1Pwy6GwXcfb8',
        organizationId: null,
      });
    });

    it('offers no id field when the credential gives the organization', async () => {
      await setup(() => shareInfo({ linkedin: { ...shareInfo().linkedin, organizationSource: 'credential' } }));
      expect(screen.getByTestId('organization-source').dataset.source).toBe('credential');
      expect(screen.queryByTestId('organization-input')).toBeNull();
    });

    it('checks organization ids like the core', () => {
      expect(organizationIdProblem('1337')).toBeNull();
      expect(organizationIdProblem('12a')).not.toBeNull();
      expect(organizationIdProblem('1'.repeat(21))).not.toBeNull();
      expect(organizationIdOf(ADD_URL.replace('organizationName=x', ''))).toBeNull();
      expect(organizationIdOf('https://www.linkedin.com/profile/add?organizationId=42')).toBe('42');
    });
  });

  describe('email signature', () => {
    it('previews the signature as text and shows the snippet as source, never as HTML', async () => {
      const info = shareInfo({
        emailSignature: {
          html: `<a href="${PAGE}" title="${EVIL}"><img src="https://evil.example/x.png" alt="x" width="96"></a>`,
          text: `${EVIL} — Issuer\n${PAGE}`,
          notes: ['This badge has no public web page, so the signature cannot link to one.'],
        },
      });
      await setup(() => info);
      const preview = screen.getByTestId('signature-preview');
      expect(preview.querySelector('a')).toBeNull();
      expect(preview.querySelector('img[src^="https://"]')).toBeNull();
      expect(preview.querySelector('img[src="x"]')).toBeNull();
      expect(screen.getByTestId('signature-preview-title').textContent).toBe(`${EVIL} — Issuer`);
      const html = screen.getByTestId('signature-html');
      expect(html.tagName).toBe('PRE');
      expect(html.textContent).toBe(info.emailSignature.html);
      expect(html.children).toHaveLength(0);
      expect(screen.getByTestId('signature-text').textContent).toBe(info.emailSignature.text);
      expect(screen.getAllByTestId('signature-note').map((n) => n.textContent)).toEqual([
        'This badge has no public web page, so the signature cannot link to one.',
      ]);
    });

    it('uses a saved picture file when asked, and copies the signature through the core', async () => {
      await setup(() => shareInfo(), { copy_email_signature: () => null });
      expect(calls('share_info')).toEqual([{ id: ID, imageFile: null }]);
      await fireEvent.click(screen.getByTestId('signature-use-file'));
      const path = screen.getByTestId('signature-file') as HTMLInputElement;
      await fireEvent.input(path, { target: { value: '/home/me/badge-120.png' } });
      await waitFor(() => expect(calls('share_info').at(-1)).toEqual({ id: ID, imageFile: '/home/me/badge-120.png' }));

      const copy = screen.getByTestId('copy-signature');
      await fireEvent.click(copy);
      await waitFor(() => expect(copy.textContent?.trim()).toBe('Copied'));
      expect(calls('copy_email_signature')).toEqual([{ id: ID, imageFile: '/home/me/badge-120.png' }]);

      // Unticking goes back to the web address.
      await fireEvent.click(screen.getByTestId('signature-use-file'));
      await waitFor(() => expect(calls('share_info').at(-1)).toEqual({ id: ID, imageFile: null }));
    });

    it('fills in the picture just saved as the signature file', async () => {
      await setup(() => shareInfo(), { save_badge_picture: () => '/home/me/badge-120.png' });
      await fireEvent.click(screen.getAllByTestId('picture-preset')[0]!);
      await screen.findByTestId('picture-saved');
      await fireEvent.click(screen.getByTestId('signature-use-file'));
      expect((screen.getByTestId('signature-file') as HTMLInputElement).value).toBe('/home/me/badge-120.png');
      await waitFor(() => expect(calls('share_info').at(-1)).toEqual({ id: ID, imageFile: '/home/me/badge-120.png' }));
    });
  });

  describe('QR code', () => {
    it('explains why a badge without a public page has no QR code, and asks the core for none', async () => {
      await setup(() => shareInfo({ publicPage: null, linkedin: { ...shareInfo().linkedin, postUrl: null } }));
      expect(screen.getByTestId('qr-no-public-page').textContent).toMatch(/no public web page/);
      expect(screen.queryByTestId('qr-preview')).toBeNull();
      expect(screen.queryByTestId('qr-save-png')).toBeNull();
      expect(calls('badge_qr_preview')).toEqual([]);
    });

    it('previews the code at the chosen level and saves it in the chosen size and format', async () => {
      const app = await setup(() => shareInfo(), { save_badge_qr: () => '/tmp/badge-qr.svg' });
      const preview = (await screen.findByTestId('qr-preview')) as HTMLImageElement;
      expect(preview.getAttribute('src')).toBe('data:image/png;base64,iVBORw0KGgo=');
      expect(preview.alt).toBe(`QR code linking to ${PAGE}`);
      expect(calls('badge_qr_preview')).toEqual([{ id: ID, side: 256, level: 'M' }]);

      const levels = screen.getByTestId('qr-level');
      await fireEvent.click(within(levels).getByDisplayValue('H'));
      await waitFor(() => expect(calls('badge_qr_preview').at(-1)).toEqual({ id: ID, side: 256, level: 'H' }));
      await fireEvent.click(within(screen.getByTestId('qr-size')).getByDisplayValue('1024'));

      await fireEvent.click(screen.getByTestId('qr-save-svg'));
      expect((await screen.findByTestId('qr-saved')).textContent).toContain('/tmp/badge-qr.svg');
      expect(calls('save_badge_qr')).toEqual([{ id: ID, format: 'svg', side: 1024, level: 'H' }]);
      expect(app.error).toBeNull();
    });

    it('says in place of the preview why the core made no code', async () => {
      const app = await setup(() => shareInfo(), {
        badge_qr_preview: () => {
          throw { kind: 'invalid-input', message: '3000 bytes do not fit in a QR code at level M' };
        },
      });
      expect((await screen.findByTestId('qr-problem')).textContent).toMatch(/do not fit/);
      expect(screen.getByTestId('qr-save-png').hasAttribute('disabled')).toBe(true);
      expect(app.error).toBeNull();
    });
  });

  it('says so when the sharing details cannot be prepared', async () => {
    answer(() => {
      throw { kind: 'not-found', message: 'no badge with id a1b2c3d4' };
    });
    render(SharePanel, { props: { app: new AppState(), id: ID, name: 'Rust Fundamentals', imageHash: null } });
    expect((await screen.findByTestId('share-error')).textContent).toMatch(/no longer in the portfolio/);
  });
});
