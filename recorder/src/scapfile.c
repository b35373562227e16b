/* Byte buffers, block framing and the file output of the recorder (see scapfile.h). Outputs are
 * written in whole blocks only, so a capture stopped at any moment ends on a block boundary. */
#include "scapfile.h"
#include "schema.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zlib.h>

void buf_reserve(struct buf *b, size_t extra) {
  if (b->len + extra <= b->cap) return;
  size_t cap = b->cap ? b->cap : 4096;
  while (cap < b->len + extra) cap *= 2;
  uint8_t *p = realloc(b->p, cap);
  if (!p) {
    fprintf(stderr, "scapula-recorder: out of memory (%zu bytes)\n", cap);
    exit(1);
  }
  b->p = p;
  b->cap = cap;
}

void buf_put(struct buf *b, const void *d, size_t n) {
  buf_reserve(b, n);
  memcpy(b->p + b->len, d, n);
  b->len += n;
}

void buf_str16(struct buf *b, const char *s, size_t n) {
  if (n > 1023) n = 1023; /* libscap rejects longer metadata strings */
  buf_u16(b, (uint16_t)n);
  buf_put(b, s, n);
}

void buf_free(struct buf *b) {
  free(b->p);
  b->p = NULL;
  b->len = b->cap = 0;
}

size_t blk_begin(struct buf *b, uint32_t type) {
  size_t start = b->len;
  buf_u32(b, type);
  buf_u32(b, 0);
  return start;
}

void blk_end(struct buf *b, size_t start) {
  size_t body = b->len - start - 8;
  static const uint8_t zero[4];
  buf_put(b, zero, (4 - body % 4) % 4);
  uint32_t total = (uint32_t)(b->len - start + 4);
  memcpy(b->p + start + 4, &total, 4);
  buf_u32(b, total);
}

void scap_shb(struct buf *b) {
  size_t s = blk_begin(b, SCAP_SHB_BLOCK_TYPE);
  buf_u32(b, SCAP_SHB_MAGIC);
  buf_u16(b, 1);
  buf_u16(b, 2);
  buf_u64(b, UINT64_MAX);
  blk_end(b, s);
}

int out_open(struct out *o, const char *path, int gzip) {
  memset(o, 0, sizeof(*o));
  if (strcmp(path, "-") == 0) {
    o->fd = 1;
    o->is_stdout = 1;
  } else if (strncmp(path, "/dev/fd/", 8) == 0 && path[8] >= '0' && path[8] <= '9') {
    /* an inherited descriptor (a socket cannot be reopened through /dev/fd) */
    o->fd = dup(atoi(path + 8));
    if (o->fd < 0) {
      fprintf(stderr, "scapula-recorder: %s: %s\n", path, strerror(errno));
      return -1;
    }
  } else {
    o->fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (o->fd < 0) {
      fprintf(stderr, "scapula-recorder: cannot open %s: %s\n", path, strerror(errno));
      return -1;
    }
  }
  if (gzip) {
    /* level 1: the writer shares the CPUs with the workload it records */
    o->gz = gzdopen(o->is_stdout ? dup(1) : o->fd, "wb1");
    if (!o->gz) {
      fprintf(stderr, "scapula-recorder: gzip init failed for %s\n", path);
      return -1;
    }
    gzbuffer(o->gz, 1 << 20);
  }
  return 0;
}

static void out_write_now(struct out *o, const void *d, size_t n);

#define OUT_BATCH (1u << 20)

void out_write(struct out *o, const void *d, size_t n) {
  if (o->failed || n == 0) return;
  o->bytes += n;
  if (o->pending.len + n > OUT_BATCH && o->pending.len) {
    out_write_now(o, o->pending.p, o->pending.len);
    o->pending.len = 0;
  }
  if (n >= OUT_BATCH) { out_write_now(o, d, n); return; }
  buf_put(&o->pending, d, n);
}

static void out_write_now(struct out *o, const void *d, size_t n) {
  if (o->failed) return;
  if (o->gz) {
    if (gzwrite(o->gz, d, (unsigned)n) != (int)n) {
      fprintf(stderr, "scapula-recorder: write failed (gzip)\n");
      o->failed = 1;
    }
    return;
  }
  const uint8_t *p = d;
  while (n > 0) {
    ssize_t w = write(o->fd, p, n);
    if (w < 0) {
      if (errno == EINTR) continue;
      if (errno != EPIPE) fprintf(stderr, "scapula-recorder: write failed: %s\n", strerror(errno));
      o->failed = 1;
      return;
    }
    p += w;
    n -= (size_t)w;
  }
}

void out_flush(struct out *o) {
  if (o->pending.len) {
    out_write_now(o, o->pending.p, o->pending.len);
    o->pending.len = 0;
  }
  if (o->gz) gzflush(o->gz, Z_SYNC_FLUSH);
}

void out_close(struct out *o) {
  if (o->pending.len) out_write_now(o, o->pending.p, o->pending.len);
  buf_free(&o->pending);
  if (o->gz) {
    gzclose(o->gz);
    o->gz = NULL;
    if (!o->is_stdout) o->fd = -1;
  }
  if (!o->is_stdout && o->fd >= 0) close(o->fd);
  o->fd = -1;
}
