/**
 * A list read a page at a time through a cursor: the first page when
 * `fetchPage` changes (a new filter) or `reloadKey` does, then "Show
 * more" appends the next.
 *   const fetchPage = useCallback((token) => adminClient.listUsers({ …, pageToken: token })
 *     .then((r) => ({ items: r.users, next: r.nextPageToken })), [filter]);
 *   const { items, hasMore, more, error } = useCursorList(fetchPage);
 * `error` is what the last call threw (undefined after a success).
 */
import { useCallback, useEffect, useRef, useState } from "react";

export interface CursorPage<T> {
  items: T[];
  /** The next page's token; empty on the last page. */
  next: string;
}

export function useCursorList<T>(
  fetchPage: (pageToken: string) => Promise<CursorPage<T>>,
  reloadKey = 0,
): { items: T[] | undefined; hasMore: boolean; more: () => Promise<void>; error: unknown } {
  const [items, setItems] = useState<T[]>();
  const [next, setNext] = useState("");
  const [error, setError] = useState<unknown>();
  // Which first page the list shows; a later page of an older one is dropped.
  const generation = useRef(0);
  const loadingMore = useRef(false);

  useEffect(() => {
    let live = true;
    const mine = ++generation.current;
    fetchPage("").then(
      (page) => {
        if (!live || mine !== generation.current) return;
        setItems(page.items);
        setNext(page.next);
        setError(undefined);
      },
      (e: unknown) => {
        if (!live) return;
        setItems(undefined);
        setError(e);
      },
    );
    return () => {
      live = false;
    };
  }, [fetchPage, reloadKey]);

  /** The next page; a second click while one loads does nothing. */
  const more = useCallback(async () => {
    if (loadingMore.current || !next) return;
    loadingMore.current = true;
    const mine = generation.current;
    try {
      const page = await fetchPage(next);
      if (mine !== generation.current) return;
      setItems((before) => [...(before ?? []), ...page.items]);
      setNext(page.next);
      setError(undefined);
    } catch (e) {
      if (mine === generation.current) setError(e);
    } finally {
      loadingMore.current = false;
    }
  }, [fetchPage, next]);

  return { items, hasMore: next !== "", more, error };
}
