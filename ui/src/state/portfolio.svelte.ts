// The portfolio list as the user filters it: query fields, the loaded page(s), the totals
// and the facets for the filter menus. All matching is done by the core (`list_badges`).

import { badgeFacets, listBadges, type BadgeSummary, type CommandError, type Facets } from '../api';
import { toCommandError } from '../api';

export const PAGE_SIZE = 60;
const SEARCH_DELAY_MS = 200;

export class PortfolioState {
  search = $state('');
  issuer = $state('');
  tag = $state('');
  collection = $state('');

  items = $state<BadgeSummary[]>([]);
  /** How many badges match the filters. */
  total = $state(0);
  /** How many badges the portfolio holds; null until first loaded. */
  portfolioTotal = $state<number | null>(null);
  facets = $state<Facets>({ issuers: [], tags: [], collections: [] });
  loading = $state(false);
  loadingMore = $state(false);

  readonly #onError: (error: CommandError) => void;
  #generation = 0;
  #timer: ReturnType<typeof setTimeout> | undefined;

  constructor(onError: (error: CommandError) => void) {
    this.#onError = onError;
  }

  get filtered(): boolean {
    return this.search.trim() !== '' || this.issuer !== '' || this.tag !== '' || this.collection !== '';
  }

  get hasMore(): boolean {
    return this.items.length < this.total;
  }

  #query(limit: number, offset: number) {
    const search = this.search.trim();
    return {
      search: search === '' ? null : search,
      issuer: this.issuer === '' ? null : this.issuer,
      tag: this.tag === '' ? null : this.tag,
      collection: this.collection === '' ? null : this.collection,
      limit,
      offset,
    };
  }

  /** Refreshes after the user stops typing. */
  scheduleRefresh(): void {
    clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.refresh(), SEARCH_DELAY_MS);
  }

  /**
   * Reloads the list from the start, keeping as many rows as were shown (so returning from a
   * badge does not lose the pages already loaded), plus the facets and the portfolio total.
   */
  async refresh(): Promise<void> {
    clearTimeout(this.#timer);
    const generation = ++this.#generation;
    const limit = Math.max(PAGE_SIZE, this.items.length);
    this.loading = true;
    try {
      const [page, facets, all] = await Promise.all([
        listBadges(this.#query(limit, 0)),
        badgeFacets(),
        this.filtered
          ? listBadges({ search: null, issuer: null, tag: null, collection: null, limit: 1, offset: 0 })
          : null,
      ]);
      if (generation !== this.#generation) return;
      this.items = page.items;
      this.total = page.total;
      this.portfolioTotal = all ? all.total : page.total;
      this.facets = facets;
      this.#dropVanishedFilters(facets);
    } catch (error) {
      if (generation === this.#generation) this.#onError(toCommandError(error));
    } finally {
      if (generation === this.#generation) this.loading = false;
    }
  }

  async loadMore(): Promise<void> {
    if (this.loadingMore || !this.hasMore) return;
    const generation = this.#generation;
    this.loadingMore = true;
    try {
      const page = await listBadges(this.#query(PAGE_SIZE, this.items.length));
      if (generation !== this.#generation) return;
      const known = new Set(this.items.map((b) => b.id));
      this.items = [...this.items, ...page.items.filter((b) => !known.has(b.id))];
      this.total = page.total;
    } catch (error) {
      this.#onError(toCommandError(error));
    } finally {
      this.loadingMore = false;
    }
  }

  clearFilters(): void {
    this.search = '';
    this.issuer = '';
    this.tag = '';
    this.collection = '';
    void this.refresh();
  }

  /** A filter on a tag or collection that no badge carries any more would hide everything. */
  #dropVanishedFilters(facets: Facets): void {
    const has = (list: { name: string }[], name: string) => list.some((f) => f.name === name);
    let changed = false;
    if (this.tag !== '' && !has(facets.tags, this.tag)) {
      this.tag = '';
      changed = true;
    }
    if (this.collection !== '' && !has(facets.collections, this.collection)) {
      this.collection = '';
      changed = true;
    }
    if (this.issuer !== '' && !has(facets.issuers, this.issuer)) {
      this.issuer = '';
      changed = true;
    }
    if (changed) void this.refresh();
  }
}
