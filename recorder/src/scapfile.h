/* Writing .scap files: an output (plain file, gzip, stdout) and pcapng-style block framing.
 * Why separate: the encoder produces event bytes, the metadata scan produces metadata bytes,
 * and both only need "append a whole block"; rotation, compression and byte counting live here. */
#ifndef SCAPULA_SCAPFILE_H
#define SCAPULA_SCAPFILE_H
#include <stddef.h>
#include <stdint.h>

/* A growable byte buffer. */
struct buf {
  uint8_t *p;
  size_t len, cap;
};
void buf_reserve(struct buf *b, size_t extra);
void buf_put(struct buf *b, const void *d, size_t n);
static inline void buf_u8(struct buf *b, uint8_t v) { buf_put(b, &v, 1); }
static inline void buf_u16(struct buf *b, uint16_t v) { buf_put(b, &v, 2); }
static inline void buf_u32(struct buf *b, uint32_t v) { buf_put(b, &v, 4); }
static inline void buf_u64(struct buf *b, uint64_t v) { buf_put(b, &v, 8); }
void buf_str16(struct buf *b, const char *s, size_t n); /* u16 length + bytes, no NUL */
void buf_free(struct buf *b);

/* Block framing: begin returns the offset of the block start; end pads and writes the trailer. */
size_t blk_begin(struct buf *b, uint32_t type);
void blk_end(struct buf *b, size_t start);

struct out {
  int fd;
  void *gz;            /* gzFile when compressing */
  uint64_t bytes;      /* uncompressed bytes written to this file */
  int is_stdout;
  int failed;
  struct buf pending;  /* whole blocks not yet written: one write() per ~1 MiB, not per event */
};
int out_open(struct out *o, const char *path, int gzip); /* path "-" = stdout */
void out_write(struct out *o, const void *d, size_t n);
void out_flush(struct out *o); /* writes pending blocks (and syncs gzip) */
void out_close(struct out *o);

/* SHB, version 1.2, no options (old readers cannot skip them). */
void scap_shb(struct buf *b);

#endif
