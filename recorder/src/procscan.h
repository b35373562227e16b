/* The metadata a capture starts with, as libscap writes it: machine info, interfaces, users and
 * groups, every thread (PL_V9) and every process's open fds (FDL_V2), scanned from /proc after
 * the probes are attached so no process can slip between scan and trace. */
#ifndef SCAPULA_PROCSCAN_H
#define SCAPULA_PROCSCAN_H
#include <stdint.h>
#include "scapfile.h"

struct scan_stats {
  uint32_t threads, processes, fds, vanished;
  /* CLOCK_BOOTTIME ns when the listing of /proc began: the moment the snapshot stands for */
  uint64_t listed_ns;
  /* pids listed but gone before their threads were read (malloc'd, n_gone of them; caller frees) */
  int *gone;
  uint32_t n_gone;
};

/* Appends MI, IL_V2, UL_V2, PL_V9 and FDL_V2 blocks to b. boot_wall = wall-clock ns at boot. */
void scan_metadata(struct buf *b, uint64_t boot_wall, struct scan_stats *st);

#endif
