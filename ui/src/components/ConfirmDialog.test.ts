import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import ConfirmDialog from './ConfirmDialog.svelte';

function setup() {
  const onconfirm = vi.fn();
  const oncancel = vi.fn();
  render(ConfirmDialog, {
    props: {
      title: 'Remove this badge?',
      message: '“Rust Fundamentals” will be removed.',
      confirmLabel: 'Remove badge',
      danger: true,
      onconfirm,
      oncancel,
    },
  });
  return { onconfirm, oncancel, dialog: screen.getByRole('dialog') };
}

describe('ConfirmDialog', () => {
  it('is a labelled modal dialog naming what it is about, with focus on Cancel', () => {
    const { dialog } = setup();
    expect(dialog.getAttribute('aria-modal')).toBe('true');
    expect(screen.getByRole('dialog', { name: 'Remove this badge?' })).toBe(dialog);
    expect(dialog.textContent).toContain('Rust Fundamentals');
    expect(document.activeElement).toBe(screen.getByTestId('cancel-button'));
  });

  it('calls back on confirm only', async () => {
    const { onconfirm, oncancel } = setup();
    await fireEvent.click(screen.getByTestId('confirm-button'));
    expect(onconfirm).toHaveBeenCalledOnce();
    expect(oncancel).not.toHaveBeenCalled();
  });

  it('cancels with the Cancel button, with Escape and with a click outside, never confirming', async () => {
    const { onconfirm, oncancel, dialog } = setup();
    await fireEvent.click(screen.getByTestId('cancel-button'));
    await fireEvent.keyDown(dialog, { key: 'Escape' });
    await fireEvent.click(dialog.parentElement!);
    expect(oncancel).toHaveBeenCalledTimes(3);
    expect(onconfirm).not.toHaveBeenCalled();
  });

  it('keeps Tab inside the dialog', async () => {
    setup();
    const cancel = screen.getByTestId('cancel-button');
    const confirm = screen.getByTestId('confirm-button');
    confirm.focus();
    await fireEvent.keyDown(confirm, { key: 'Tab' });
    expect(document.activeElement).toBe(cancel);
    await fireEvent.keyDown(cancel, { key: 'Tab', shiftKey: true });
    expect(document.activeElement).toBe(confirm);
  });

  it('shows the detail (e.g. the address a link opens) verbatim, as text', () => {
    const url = 'https://www.linkedin.com/profile/add?name=%3Cimg%20src%3Dx%3E&x=<b>1</b>';
    render(ConfirmDialog, {
      props: { title: 'Open LinkedIn?', message: 'Rosette will open this address.', detail: url, onconfirm: () => {}, oncancel: () => {} },
    });
    const detail = screen.getByTestId('confirm-detail');
    expect(detail.textContent).toBe(url);
    expect(detail.children).toHaveLength(0);
  });
});
