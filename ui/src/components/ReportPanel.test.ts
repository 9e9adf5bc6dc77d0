import { fireEvent, render, screen, within } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import type { ImportItem } from '../api';
import ReportPanel from './ReportPanel.svelte';
import { importRow } from './display';

const items: ImportItem[] = [
  { source: '/home/me/badges/rust.json', outcome: { status: 'imported', id: 'a1', name: 'Rust Fundamentals' } },
  { source: '/home/me/badges/again.json', outcome: { status: 'duplicate', id: 'a1', name: 'Rust Fundamentals' } },
  { source: '/home/me/badges/class.json', outcome: { status: 'related', id: 'https://example.org/class' } },
  { source: '/home/me/badges/issuer.json', outcome: { status: 'skipped', message: 'not linked' } },
  { source: '/home/me/badges/not-a-badge.json', outcome: { status: 'failed', message: 'not an Open Badge: no type' } },
];

describe('ReportPanel', () => {
  it('lists every outcome, failures first with their message', () => {
    render(ReportPanel, {
      props: {
        title: 'Import results',
        summary: '1 badge imported · 1 failed',
        rows: items.map((item, i) => importRow(i, item.source, item.outcome)),
        ondismiss: () => {},
      },
    });
    const panel = screen.getByTestId('import-results');
    const rows = within(panel).getAllByTestId('report-item');
    expect(rows).toHaveLength(5);
    const failure = rows[0]!;
    expect(failure.dataset.status).toBe('failed');
    expect(failure.textContent).toContain('not-a-badge.json');
    expect(failure.textContent).toContain('Failed');
    expect(failure.textContent).toContain('not an Open Badge: no type');
    expect(rows.map((r) => r.dataset.status)).toEqual(['failed', 'imported', 'duplicate', 'related', 'skipped']);
    expect(rows[1]!.textContent).toContain('Rust Fundamentals');
    expect(rows[2]!.textContent).toContain('Already in portfolio');
    expect(rows[3]!.textContent).toContain('Used as supporting document');
    expect(within(panel).getByTestId('report-summary').textContent).toBe('1 badge imported · 1 failed');
  });

  it('shows file names, with the full path as a tooltip, as text', () => {
    const evil = '/tmp/<img src=x onerror=alert(1)>.json';
    render(ReportPanel, {
      props: {
        title: 'Import results',
        summary: '',
        rows: [importRow(0, evil, { status: 'failed', message: '<b>bad</b>' })],
        ondismiss: () => {},
      },
    });
    const panel = screen.getByTestId('import-results');
    expect(panel.querySelector('img')).toBeNull();
    expect(panel.querySelector('b')).toBeNull();
    expect(panel.textContent).toContain('<b>bad</b>');
  });

  it('is dismissible', async () => {
    const ondismiss = vi.fn();
    render(ReportPanel, { props: { title: 'Import results', summary: '', rows: [], ondismiss } });
    await fireEvent.click(screen.getByTestId('dismiss-report'));
    expect(ondismiss).toHaveBeenCalledOnce();
  });
});
