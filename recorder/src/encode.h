/* Raw kernel records -> scap event blocks. Why a separate module: this is where the scap event
 * format lives (which event type, which parameters, how flags are translated), and it is pure
 * data transformation, so the same code serves live capture and tests. */
#ifndef SCAPULA_ENCODE_H
#define SCAPULA_ENCODE_H
#include <stddef.h>
#include <stdint.h>
#include "scapfile.h"

typedef void (*event_sink)(void *ctx, uint64_t ts_wall, const uint8_t *block, size_t len);

struct encoder {
  uint64_t wall_offset;   /* REALTIME - BOOTTIME, ns */
  uint32_t snaplen;
  int legacy;             /* use event types that sysdig 0.29 / Falco < 0.42 know where they differ */
  event_sink sink;
  void *ctx;
  /* counters */
  uint64_t events, drops_reported, schema_mismatch;
  uint16_t last_mismatch_type;
  /* scratch */
  struct buf data;
  struct buf block;
  uint16_t type;
  uint32_t nparams;
  uint32_t lens[40];
};

void enc_init(struct encoder *e);
/* Encodes one raw record (struct rec_hdr + payload). Bounded: a malformed record is counted and skipped. */
void enc_record(struct encoder *e, const uint8_t *rec, size_t len);
/* A drop marker for `count` lost records on `cpu`. */
void enc_drop(struct encoder *e, uint64_t ts_boot, uint16_t cpu, uint64_t count);

/* Helpers shared with the /proc scan. */
uint32_t ppm_open_flags(uint64_t linux_flags);
uint32_t ppm_clone_flags(uint64_t linux_flags);
uint32_t ppm_encode_dev(uint32_t kernel_dev);
/* Reads /proc/<tid>/cgroup into "subsys=path\0..." (bounded); returns bytes written. */
size_t proc_cgroups(int tid, char *out, size_t cap);

#endif
