/* Time-ordering of encoded event blocks. Why: one shared ring buffer delivers records in
 * reservation order, which across CPUs is not timestamp order (tens of µs apart on this
 * machine). Blocks are held briefly and released sorted once no earlier one can still arrive. */
#ifndef SCAPULA_SORTER_H
#define SCAPULA_SORTER_H
#include <stddef.h>
#include <stdint.h>
#include "scapfile.h"

struct sorted_item {
  uint64_t ts, seq;
  size_t off;
  uint32_t len;
};

struct sorter {
  struct buf arena;
  struct sorted_item *items;
  size_t n, cap;
  uint64_t seq, max_ts;
};

typedef void (*sorter_out)(void *ctx, const uint8_t *block, size_t len);

void sorter_add(struct sorter *s, uint64_t ts, const uint8_t *block, size_t len);
/* Releases, in (ts, arrival) order, every held block with ts <= upto. Returns how many. */
size_t sorter_flush(struct sorter *s, uint64_t upto, sorter_out out, void *ctx);
/* The same, also releasing (in order) the later blocks `also` picks. */
typedef int (*sorter_also)(void *actx, const uint8_t *block, size_t len);
size_t sorter_flush_if(struct sorter *s, uint64_t upto, sorter_also also, void *actx, sorter_out out, void *ctx);
void sorter_free(struct sorter *s);

#endif
