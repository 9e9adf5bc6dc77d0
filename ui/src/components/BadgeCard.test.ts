import { fireEvent, render, screen } from '@testing-library/svelte';
import { describe, expect, it, vi } from 'vitest';
import { summary } from '../test/samples';
import BadgeCard from './BadgeCard.svelte';
import { formatDate } from './display';

describe('BadgeCard', () => {
  it('shows the name, issuer, issue date and expiry', () => {
    render(BadgeCard, { props: { badge: summary(), onopen: () => {} } });
    const card = screen.getByTestId('badge-card');
    expect(card.dataset.badgeId).toBe('a1b2c3d4');
    expect(screen.getByTestId('badge-name').textContent).toBe('Rust Fundamentals');
    expect(screen.getByTestId('badge-issuer').textContent).toBe('Example Society of Engineers');
    expect(card.textContent).toContain(`Issued ${formatDate('2025-03-14T12:00:00Z')}`);
    expect(screen.getByTestId('expiry').textContent).toBe(`Expires ${formatDate('2028-03-14T12:00:00Z')}`);
    expect(formatDate('2028-03-14T12:00:00Z')).toMatch(/14/);
  });

  it('words expired and soon-expiring badges from the core’s expiry state', () => {
    const { unmount } = render(BadgeCard, { props: { badge: summary({ expiry: 'expired' }), onopen: () => {} } });
    expect(screen.getByTestId('expiry').textContent).toMatch(/^Expired /);
    expect(screen.getByTestId('expiry').dataset.expiry).toBe('expired');
    unmount();
    render(BadgeCard, { props: { badge: summary({ expiry: 'expires-soon' }), onopen: () => {} } });
    expect(screen.getByTestId('expiry').textContent).toMatch(/^Expires soon/);
  });

  it('shows no expiry line for a badge that does not expire', () => {
    render(BadgeCard, { props: { badge: summary({ expiry: 'no-expiry', validUntil: null }), onopen: () => {} } });
    expect(screen.queryByTestId('expiry')).toBeNull();
  });

  it('renders a malicious name, issuer and tag as text', () => {
    const evil = '<img src=x onerror=alert(1)>';
    render(BadgeCard, {
      props: { badge: summary({ name: evil, issuerName: `<script>alert(2)</script>`, tags: [evil] }), onopen: () => {} },
    });
    const card = screen.getByTestId('badge-card');
    expect(card.querySelector('img')).toBeNull();
    expect(card.querySelector('script')).toBeNull();
    expect(screen.getByTestId('badge-name').textContent).toBe(evil);
    expect(screen.getByTestId('badge-issuer').textContent).toBe('<script>alert(2)</script>');
    expect(screen.getByTestId('card-tag').textContent).toBe(evil);
  });

  it('shows the initials when there is no image, and the tags', () => {
    render(BadgeCard, { props: { badge: summary({ tags: ['rust', 'backend'] }), onopen: () => {} } });
    expect(screen.getByTestId('badge-image').textContent?.trim()).toBe('RF');
    expect(screen.getAllByTestId('card-tag').map((t) => t.textContent)).toEqual(['rust', 'backend']);
  });

  it('opens the badge on click (and is a button, so Enter works)', async () => {
    const onopen = vi.fn();
    render(BadgeCard, { props: { badge: summary(), onopen } });
    const card = screen.getByTestId('badge-card');
    expect(card.tagName).toBe('BUTTON');
    await fireEvent.click(card);
    expect(onopen).toHaveBeenCalledWith('a1b2c3d4');
  });
});

describe('BadgeCard verdict chip', () => {
  it('says "not checked yet" when the badge was never checked', () => {
    render(BadgeCard, { props: { badge: summary({ lastCheck: null }), onopen: () => {} } });
    const chip = screen.getByTestId('verdict-chip');
    expect(chip.dataset.verdict).toBe('none');
    expect(screen.getByTestId('verdict-chip-label').textContent).toBe('not checked yet');
    expect(chip.textContent).toContain('Verification:');
  });

  it('shows the last verdict from the core', () => {
    render(BadgeCard, {
      props: { badge: summary({ lastCheck: { verdict: 'not-yet-valid', checkedAt: '2026-01-02T03:04:05Z' } }), onopen: () => {} },
    });
    expect(screen.getByTestId('verdict-chip').dataset.verdict).toBe('not-yet-valid');
    expect(screen.getByTestId('verdict-chip-label').textContent).toBe('not yet valid');
    expect(screen.getByTestId('verdict-chip').getAttribute('title')).toMatch(/checked .*2026/);
  });
});
