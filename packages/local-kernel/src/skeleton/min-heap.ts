// The skeleton scheduler's queue: a binary min-heap on due time.

/** A scheduled run of an entry; `token` tells a current item from a stale one. */
export interface HeapItem<E = unknown> {
  dueAt: number;
  entry: E;
  token: number;
}

/** Binary min-heap on dueAt; stale items (token mismatch) are skipped lazily when popped. */
export class MinHeap<E> {
  private a: HeapItem<E>[] = [];
  get size(): number {
    return this.a.length;
  }
  peek(): HeapItem<E> | undefined {
    return this.a[0];
  }
  push(x: HeapItem<E>): void {
    const a = this.a;
    a.push(x);
    let i = a.length - 1;
    while (i > 0) {
      const p = (i - 1) >> 1;
      if (a[p].dueAt <= a[i].dueAt) break;
      [a[p], a[i]] = [a[i], a[p]];
      i = p;
    }
  }
  pop(): HeapItem<E> | undefined {
    const a = this.a;
    if (a.length === 0) return undefined;
    const top = a[0];
    const last = a.pop()!;
    if (a.length > 0) {
      a[0] = last;
      let i = 0;
      for (;;) {
        const l = 2 * i + 1;
        const r = l + 1;
        let m = i;
        if (l < a.length && a[l].dueAt < a[m].dueAt) m = l;
        if (r < a.length && a[r].dueAt < a[m].dueAt) m = r;
        if (m === i) break;
        [a[m], a[i]] = [a[i], a[m]];
        i = m;
      }
    }
    return top;
  }
}
