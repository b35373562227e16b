/* See sorter.h. Blocks live in one arena; a flush sorts the index, hands out the ready prefix
 * and moves the (few) held-back blocks to the front of the arena. */
#include "sorter.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void sorter_add(struct sorter *s, uint64_t ts, const uint8_t *block, size_t len) {
  if (s->n == s->cap) {
    size_t cap = s->cap ? s->cap * 2 : 65536;
    struct sorted_item *it = realloc(s->items, cap * sizeof(*it));
    if (!it) {
      fprintf(stderr, "scapula-recorder: out of memory in sorter\n");
      exit(1);
    }
    s->items = it;
    s->cap = cap;
  }
  struct sorted_item *it = &s->items[s->n++];
  it->ts = ts;
  it->seq = s->seq++;
  it->off = s->arena.len;
  it->len = (uint32_t)len;
  buf_put(&s->arena, block, len);
  if (ts > s->max_ts) s->max_ts = ts;
}

static int cmp_item(const void *a, const void *b) {
  const struct sorted_item *x = a, *y = b;
  if (x->ts != y->ts) return x->ts < y->ts ? -1 : 1;
  return x->seq < y->seq ? -1 : (x->seq > y->seq);
}

size_t sorter_flush(struct sorter *s, uint64_t upto, sorter_out out, void *ctx) {
  return sorter_flush_if(s, upto, NULL, NULL, out, ctx);
}

size_t sorter_flush_if(struct sorter *s, uint64_t upto, sorter_also also, void *actx, sorter_out out, void *ctx) {
  if (s->n == 0) return 0;
  /* records mostly arrive in order: sort only when some pair is not */
  for (size_t i = 1; i < s->n; i++) {
    if (cmp_item(&s->items[i - 1], &s->items[i]) > 0) {
      qsort(s->items, s->n, sizeof(*s->items), cmp_item);
      break;
    }
  }
  /* released blocks go out in order; held-back ones keep theirs, copied into a fresh arena */
  size_t k = 0, kept = 0;
  struct buf keep = {0};
  for (size_t i = 0; i < s->n; i++) {
    struct sorted_item it = s->items[i];
    const uint8_t *blk = s->arena.p + it.off;
    if (it.ts <= upto || (also && also(actx, blk, it.len))) {
      out(ctx, blk, it.len);
      k++;
    } else {
      size_t off = keep.len;
      buf_put(&keep, blk, it.len);
      it.off = off;
      s->items[kept++] = it;
    }
  }
  s->n = kept;
  if (k == 0) {
    buf_free(&keep);
    return 0;
  }
  if (s->arena.cap > (64u << 20)) {
    buf_free(&s->arena);
    s->arena = keep;
  } else {
    s->arena.len = 0;
    if (keep.len) buf_put(&s->arena, keep.p, keep.len);
    buf_free(&keep);
  }
  return k;
}

void sorter_free(struct sorter *s) {
  buf_free(&s->arena);
  free(s->items);
  memset(s, 0, sizeof(*s));
}
