/* Raw record -> scap event (see encode.h). One enter and one exit event per syscall, in the
 * parameter layouts of the current schema (schema/events.json): exit events carry every
 * parameter (current libs read them directly), and enter events are kept too because older
 * readers (sysdig 0.29, Falco < 0.42) take fds and paths from them for their state. Parameter
 * widths come from the schema's parameter types, so a value can never be written with the
 * wrong size; a count mismatch against the schema is counted (and tested). Syscalls without a
 * dedicated encoding become generic `syscall` events carrying their PPM_SC and native ids. */
#define _GNU_SOURCE
#include "encode.h"

#include <fcntl.h>
#include <linux/sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/socket.h>
#include <unistd.h>

#include "record.h"
#include "schema.h"

#define FMODE_CREATED 0x100000u
#define PPM_SC_LEGACY_MAX 328

/* ---------- flag translation (Linux -> PPM values of flags.json) ---------- */

uint32_t ppm_open_flags(uint64_t f) {
  uint32_t r = 0;
  switch (f & O_ACCMODE) {
  case O_RDONLY: r |= PPM_FILE_FLAGS_O_RDONLY; break;
  case O_WRONLY: r |= PPM_FILE_FLAGS_O_WRONLY; break;
  case O_RDWR: r |= PPM_FILE_FLAGS_O_RDWR; break;
  }
  if (f & O_CREAT) r |= PPM_FILE_FLAGS_O_CREAT;
  if (f & O_EXCL) r |= PPM_FILE_FLAGS_O_EXCL;
  if (f & O_TRUNC) r |= PPM_FILE_FLAGS_O_TRUNC;
  if (f & O_APPEND) r |= PPM_FILE_FLAGS_O_APPEND;
  if (f & O_NONBLOCK) r |= PPM_FILE_FLAGS_O_NONBLOCK;
  if ((f & O_SYNC) == O_SYNC) r |= PPM_FILE_FLAGS_O_SYNC;
  else if (f & O_DSYNC) r |= PPM_FILE_FLAGS_O_DSYNC;
  if (f & O_DIRECT) r |= PPM_FILE_FLAGS_O_DIRECT;
  if ((f & O_TMPFILE) == O_TMPFILE) r |= PPM_FILE_FLAGS_O_TMPFILE;
  else if (f & O_DIRECTORY) r |= PPM_FILE_FLAGS_O_DIRECTORY;
  if (f & 0100000) r |= PPM_FILE_FLAGS_O_LARGEFILE; /* O_LARGEFILE on x86_64 */
  if (f & O_CLOEXEC) r |= PPM_FILE_FLAGS_O_CLOEXEC;
  return r;
}

/* Kernel flag bits to their PPM_* bits, one table per flag family, mapped by one loop. */
struct flag_map { uint64_t lx; uint32_t ppm; };

static uint32_t map_flags(const struct flag_map *m, size_t n, uint64_t f) {
  uint32_t r = 0;
  for (size_t i = 0; i < n; i++)
    if (f & m[i].lx) r |= m[i].ppm;
  return r;
}
#define MAP_FLAGS(table, f) map_flags(table, sizeof(table) / sizeof(table[0]), f)

static const struct flag_map clone_map[] = {
  {CLONE_FILES, PPM_CLONE_FLAGS_CLONE_FILES}, {CLONE_FS, PPM_CLONE_FLAGS_CLONE_FS},
  {CLONE_IO, PPM_CLONE_FLAGS_CLONE_IO}, {CLONE_NEWIPC, PPM_CLONE_FLAGS_CLONE_NEWIPC},
  {CLONE_NEWNET, PPM_CLONE_FLAGS_CLONE_NEWNET}, {CLONE_NEWNS, PPM_CLONE_FLAGS_CLONE_NEWNS},
  {CLONE_NEWPID, PPM_CLONE_FLAGS_CLONE_NEWPID}, {CLONE_NEWUTS, PPM_CLONE_FLAGS_CLONE_NEWUTS},
  {CLONE_PARENT, PPM_CLONE_FLAGS_CLONE_PARENT}, {CLONE_PARENT_SETTID, PPM_CLONE_FLAGS_CLONE_PARENT_SETTID},
  {CLONE_PTRACE, PPM_CLONE_FLAGS_CLONE_PTRACE}, {CLONE_SIGHAND, PPM_CLONE_FLAGS_CLONE_SIGHAND},
  {CLONE_SYSVSEM, PPM_CLONE_FLAGS_CLONE_SYSVSEM}, {CLONE_THREAD, PPM_CLONE_FLAGS_CLONE_THREAD},
  {CLONE_UNTRACED, PPM_CLONE_FLAGS_CLONE_UNTRACED}, {CLONE_VM, PPM_CLONE_FLAGS_CLONE_VM},
  {CLONE_NEWUSER, PPM_CLONE_FLAGS_CLONE_NEWUSER}, {CLONE_CHILD_CLEARTID, PPM_CLONE_FLAGS_CLONE_CHILD_CLEARTID},
  {CLONE_CHILD_SETTID, PPM_CLONE_FLAGS_CLONE_CHILD_SETTID}, {CLONE_SETTLS, PPM_CLONE_FLAGS_CLONE_SETTLS},
  {CLONE_VFORK, PPM_CLONE_FLAGS_CLONE_VFORK}, {CLONE_NEWCGROUP, PPM_CLONE_FLAGS_CLONE_NEWCGROUP},
};

uint32_t ppm_clone_flags(uint64_t f) {
  return MAP_FLAGS(clone_map, f);
}

static uint32_t ppm_prot(uint64_t f) {
  uint32_t r = 0;
  if (f & PROT_READ) r |= PPM_PROT_FLAGS_PROT_READ;
  if (f & PROT_WRITE) r |= PPM_PROT_FLAGS_PROT_WRITE;
  if (f & PROT_EXEC) r |= PPM_PROT_FLAGS_PROT_EXEC;
  if (f & PROT_GROWSDOWN) r |= PPM_PROT_FLAGS_PROT_GROWSDOWN;
  if (f & PROT_GROWSUP) r |= PPM_PROT_FLAGS_PROT_GROWSUP;
  return r;
}

/* fcntl commands are libs-normalized (PPM_FCNTL_*), not Linux's numbers: F_GETFD is 1 in Linux and
 * F_DUPFD in the table, so writing the raw value would make readers create fds that do not exist. */
static uint32_t ppm_fcntl_cmd(uint64_t cmd) {
  switch ((int)cmd) {
  case F_DUPFD: return PPM_FCNTL_COMMANDS_F_DUPFD;
  case F_DUPFD_CLOEXEC: return PPM_FCNTL_COMMANDS_F_DUPFD_CLOEXEC;
  case F_GETFD: return PPM_FCNTL_COMMANDS_F_GETFD;
  case F_SETFD: return PPM_FCNTL_COMMANDS_F_SETFD;
  case F_GETFL: return PPM_FCNTL_COMMANDS_F_GETFL;
  case F_SETFL: return PPM_FCNTL_COMMANDS_F_SETFL;
  case F_GETLK: return PPM_FCNTL_COMMANDS_F_GETLK;
  case F_SETLK: return PPM_FCNTL_COMMANDS_F_SETLK;
  case F_SETLKW: return PPM_FCNTL_COMMANDS_F_SETLKW;
  case F_SETOWN: return PPM_FCNTL_COMMANDS_F_SETOWN;
  case F_GETOWN: return PPM_FCNTL_COMMANDS_F_GETOWN;
  case F_SETSIG: return PPM_FCNTL_COMMANDS_F_SETSIG;
  case F_GETSIG: return PPM_FCNTL_COMMANDS_F_GETSIG;
  case F_SETOWN_EX: return PPM_FCNTL_COMMANDS_F_SETOWN_EX;
  case F_GETOWN_EX: return PPM_FCNTL_COMMANDS_F_GETOWN_EX;
  case F_SETLEASE: return PPM_FCNTL_COMMANDS_F_SETLEASE;
  case F_GETLEASE: return PPM_FCNTL_COMMANDS_F_GETLEASE;
#ifdef F_CANCELLK /* <linux/fcntl.h> only */
  case F_CANCELLK: return PPM_FCNTL_COMMANDS_F_CANCELLK;
#endif
  case F_NOTIFY: return PPM_FCNTL_COMMANDS_F_NOTIFY;
  case F_SETPIPE_SZ: return PPM_FCNTL_COMMANDS_F_SETPIPE_SZ;
  case F_GETPIPE_SZ: return PPM_FCNTL_COMMANDS_F_GETPIPE_SZ;
  case F_OFD_GETLK: return PPM_FCNTL_COMMANDS_F_OFD_GETLK;
  case F_OFD_SETLK: return PPM_FCNTL_COMMANDS_F_OFD_SETLK;
  case F_OFD_SETLKW: return PPM_FCNTL_COMMANDS_F_OFD_SETLKW;
  default: return PPM_FCNTL_COMMANDS_UNKNOWN;
  }
}

static uint32_t ppm_mmap(uint64_t f) {
  static const struct flag_map m[] = {
    {MAP_SHARED, PPM_MMAP_FLAGS_MAP_SHARED}, {MAP_PRIVATE, PPM_MMAP_FLAGS_MAP_PRIVATE},
    {MAP_FIXED, PPM_MMAP_FLAGS_MAP_FIXED}, {MAP_ANONYMOUS, PPM_MMAP_FLAGS_MAP_ANONYMOUS},
    {MAP_32BIT, PPM_MMAP_FLAGS_MAP_32BIT}, {MAP_GROWSDOWN, PPM_MMAP_FLAGS_MAP_GROWSDOWN},
    {MAP_DENYWRITE, PPM_MMAP_FLAGS_MAP_DENYWRITE}, {MAP_EXECUTABLE, PPM_MMAP_FLAGS_MAP_EXECUTABLE},
    {MAP_LOCKED, PPM_MMAP_FLAGS_MAP_LOCKED}, {MAP_NORESERVE, PPM_MMAP_FLAGS_MAP_NORESERVE},
    {MAP_POPULATE, PPM_MMAP_FLAGS_MAP_POPULATE}, {MAP_NONBLOCK, PPM_MMAP_FLAGS_MAP_NONBLOCK},
  };
  return MAP_FLAGS(m, f);
}

/* SOCK_NONBLOCK / SOCK_CLOEXEC / O_* style flags of pipe2, dup3, socket, eventfd2... */
static uint32_t ppm_fd_flags(uint64_t f) {
  uint32_t r = 0;
  if (f & O_NONBLOCK) r |= PPM_FILE_FLAGS_O_NONBLOCK;
  if (f & O_CLOEXEC) r |= PPM_FILE_FLAGS_O_CLOEXEC;
  return r;
}

static uint32_t ppm_execveat_flags(uint64_t f) {
  uint32_t r = 0;
  if (f & 0x1000) r |= PPM_EXECVEAT_FLAGS_AT_EMPTY_PATH;
  if (f & 0x100) r |= PPM_EXECVEAT_FLAGS_AT_SYMLINK_NOFOLLOW;
  return r;
}

static int64_t ppm_dirfd(uint64_t a) {
  int32_t fd = (int32_t)a;
  return fd == -100 ? -100 : fd; /* AT_FDCWD == PPM_AT_FDCWD */
}

uint32_t ppm_encode_dev(uint32_t kdev) {
  uint32_t major = kdev >> 20, minor = kdev & 0xfffff;
  return (minor & 0xff) | (major << 8) | ((minor & ~0xffu) << 12);
}

size_t proc_cgroups(int tid, char *out, size_t cap) {
  char path[64], line[1024];
  snprintf(path, sizeof(path), "/proc/%d/cgroup", tid);
  FILE *f = fopen(path, "re");
  if (!f) return 0;
  size_t n = 0;
  char v2[1024] = "";
  int v1 = 0;
  for (int lines = 0; lines < 64 && fgets(line, sizeof(line), f); lines++) {
    line[strcspn(line, "\n")] = 0;
    char *c1 = strchr(line, ':');
    if (!c1) continue;
    char *c2 = strchr(c1 + 1, ':');
    if (!c2) continue;
    *c2 = 0;
    const char *subs = c1 + 1, *cpath = c2 + 1;
    if (!*subs) { snprintf(v2, sizeof(v2), "%s", cpath); continue; }
    v1 = 1;
    char tmp[256];
    snprintf(tmp, sizeof(tmp), "%s", subs);
    for (char *save = NULL, *s = strtok_r(tmp, ",", &save); s; s = strtok_r(NULL, ",", &save)) {
      int w = snprintf(out + n, cap - n, "%s=%s", s, cpath);
      if (w < 0 || (size_t)w + 1 >= cap - n) goto done;
      n += (size_t)w + 1;
    }
  }
  if (!v1 && v2[0]) {
    static const char *ctl[] = {"cpuset", "cpu", "memory", "pids"};
    for (size_t i = 0; i < 4; i++) {
      int w = snprintf(out + n, cap - n, "%s=%s", ctl[i], v2);
      if (w < 0 || (size_t)w + 1 >= cap - n) break;
      n += (size_t)w + 1;
    }
  }
done:
  fclose(f);
  return n;
}

/* ---------- the event builder ---------- */

static size_t ptype_width(uint8_t t) {
  switch (t) {
  case PT_INT8: case PT_UINT8: case PT_SIGTYPE: case PT_L4PROTO: case PT_SOCKFAMILY:
  case PT_FLAGS8: case PT_ENUMFLAGS8: return 1;
  case PT_INT16: case PT_UINT16: case PT_FLAGS16: case PT_ENUMFLAGS16: case PT_SYSCALLID: case PT_PORT: return 2;
  case PT_INT32: case PT_UINT32: case PT_FLAGS32: case PT_ENUMFLAGS32: case PT_UID: case PT_GID: case PT_MODE:
  case PT_BOOL: case PT_SIGSET: case PT_IPV4ADDR: case PT_FD32: case PT_PID32: return 4;
  case PT_INT64: case PT_UINT64: case PT_ERRNO: case PT_FD: case PT_PID: case PT_RELTIME: case PT_ABSTIME:
  case PT_DOUBLE: return 8;
  }
  return 0;
}

static void ev_begin(struct encoder *e, uint16_t type) {
  e->type = type;
  e->nparams = 0;
  e->data.len = 0;
}

static uint8_t cur_ptype(struct encoder *e) {
  if (e->type >= PPM_EVENT_MAX || e->nparams >= ev_nparams[e->type]) return PT_NONE;
  return ev_ptype[ev_pbase[e->type] + e->nparams];
}

static void push_len(struct encoder *e, size_t n) {
  if (e->nparams < 40) e->lens[e->nparams] = (uint32_t)n;
  e->nparams++;
}

/* An integer parameter, written with the width of the schema type at this position. */
static void P(struct encoder *e, uint64_t v) {
  uint8_t t = cur_ptype(e);
  /* fds and pids are C ints in syscall arguments: sign-extend so -1 / AT_FDCWD stay negative */
  if (t == PT_FD || t == PT_PID) v = (uint64_t)(int64_t)(int32_t)v;
  size_t w = ptype_width(t);
  if (w == 0) w = 8;
  buf_put(&e->data, &v, w); /* little endian: the low bytes first */
  push_len(e, w);
}

/* Raw bytes (BYTEBUF, SOCKADDR, SOCKTUPLE, FDLIST...). */
static void B(struct encoder *e, const void *d, size_t n) {
  if (n > 60000) n = 60000;
  buf_put(&e->data, d, n);
  push_len(e, n);
}

/* A string: up to the first NUL or n bytes, always NUL-terminated. NULL -> empty param. */
static void S(struct encoder *e, const void *d, size_t n) {
  if (!d) { push_len(e, 0); return; }
  const char *s = d;
  size_t k = strnlen(s, n);
  if (k > 4095) k = 4095;
  buf_put(&e->data, s, k);
  buf_u8(&e->data, 0);
  push_len(e, k + 1);
}

static void Sz(struct encoder *e, const char *s) { S(e, s, s ? strlen(s) : 0); }
static void EMPTY(struct encoder *e) { push_len(e, 0); }

static void DYN64(struct encoder *e, uint64_t v) {
  buf_u8(&e->data, 0);
  buf_u64(&e->data, v);
  push_len(e, 9);
}

static void emit_event(struct encoder *e, uint64_t ts_boot, uint64_t tid, uint16_t cpu) {
  if (e->type < PPM_EVENT_MAX && e->nparams != ev_nparams[e->type]) {
    e->schema_mismatch++;
    e->last_mismatch_type = e->type;
  }
  size_t np = e->nparams > 40 ? 40 : e->nparams;
  int large = e->type < PPM_EVENT_MAX && ev_large[e->type];
  size_t lw = large ? 4 : 2;
  uint32_t evlen = (uint32_t)(26 + np * lw + e->data.len);
  struct buf *b = &e->block;
  b->len = 0;
  size_t s = blk_begin(b, large ? SCAP_EV_BLOCK_TYPE_V2_LARGE : SCAP_EV_BLOCK_TYPE_V2);
  buf_u16(b, cpu);
  uint64_t ts = ts_boot + e->wall_offset;
  buf_u64(b, ts);
  buf_u64(b, tid);
  buf_u32(b, evlen);
  buf_u16(b, e->type);
  buf_u32(b, (uint32_t)np);
  for (size_t i = 0; i < np; i++) {
    if (large) buf_u32(b, e->lens[i]);
    else buf_u16(b, (uint16_t)e->lens[i]);
  }
  buf_put(b, e->data.p, e->data.len);
  blk_end(b, s);
  e->events++;
  e->sink(e->ctx, ts, b->p, b->len);
}

/* ---------- payload access ---------- */

struct slots {
  const uint8_t *p[REC_SLOTS];
  uint32_t n[REC_SLOTS];
};

static int split_slots(const struct rec_hdr *h, const uint8_t *rec, size_t len, struct slots *sl) {
  size_t off = sizeof(*h);
  int sock_in_1 = h->plan == PL_SOCKBUF || h->plan == PL_MSG || h->plan == PL_CONNECT || h->plan == PL_ACCEPT ||
                  h->plan == PL_SOCKETPAIR;
  for (int i = 0; i < REC_SLOTS; i++) {
    uint32_t n = h->slot[i];
    if (i == 3 && sock_in_1) { sl->p[i] = NULL; sl->n[i] = 0; continue; }
    if (off + n > len) return -1;
    sl->p[i] = n ? rec + off : NULL;
    sl->n[i] = n;
    off += n;
  }
  return 0;
}

/* Port of a sockaddr_in/in6, from its network-order bytes. */
static uint16_t sa_port(const uint8_t *sa) {
  return (uint16_t)(sa[2] << 8 | sa[3]);
}

/* A unix socket path as the drivers write it: an abstract name's leading NUL dropped, at most 108
 * bytes, NUL-terminated. Returns the bytes written at `out` (room for 109 needed). */
static size_t put_unix_path(uint8_t *out, const uint8_t *p, size_t pl) {
  if (pl > 0 && p[0] == 0) { p++; pl--; }
  pl = strnlen((const char *)p, pl);
  if (pl > 108) pl = 108;
  memcpy(out, p, pl);
  out[pl] = 0;
  return pl + 1;
}

/* struct sockaddr (user) -> scap PT_SOCKADDR */
static void put_sockaddr(struct encoder *e, const uint8_t *sa, uint32_t n) {
  if (!sa || n < 2) { EMPTY(e); return; }
  uint16_t fam;
  memcpy(&fam, sa, 2);
  uint8_t out[128];
  size_t k = 0;
  if (fam == AF_INET && n >= 8) {
    out[k++] = 2;
    memcpy(out + k, sa + 4, 4); k += 4;
    uint16_t port = sa_port(sa);
    memcpy(out + k, &port, 2); k += 2;
  } else if (fam == AF_INET6 && n >= 24) {
    out[k++] = 10;
    memcpy(out + k, sa + 8, 16); k += 16;
    uint16_t port = sa_port(sa);
    memcpy(out + k, &port, 2); k += 2;
  } else if (fam == AF_UNIX) {
    out[k++] = 1;
    k += put_unix_path(out + k, sa + 2, n - 2);
  } else {
    EMPTY(e);
    return;
  }
  B(e, out, k);
}

/* rec_sock (+ unix path, + optional peer sockaddr) -> scap PT_SOCKTUPLE. inbound: peer first. */
static void put_tuple(struct encoder *e, const uint8_t *rs_p, uint32_t rs_n, const uint8_t *sa, uint32_t san, int inbound) {
  if (!rs_p || rs_n < sizeof(struct rec_sock)) { EMPTY(e); return; }
  struct rec_sock rs;
  memcpy(&rs, rs_p, sizeof(rs));
  uint8_t out[160];
  size_t k = 0;
  if (rs.family == AF_INET || rs.family == AF_INET6) {
    size_t al = rs.family == AF_INET ? 4 : 16;
    uint8_t zero[16] = {0};
    /* unconnected datagram socket: the peer is in the msg name / sockaddr */
    if (rs.rport == 0 && memcmp(rs.raddr, zero, al) == 0 && sa && san >= 8) {
      uint16_t fam;
      memcpy(&fam, sa, 2);
      if (fam == AF_INET && rs.family == AF_INET) { memcpy(rs.raddr, sa + 4, 4); rs.rport = sa_port(sa); }
      if (fam == AF_INET6 && san >= 24 && rs.family == AF_INET6) { memcpy(rs.raddr, sa + 8, 16); rs.rport = sa_port(sa); }
    }
    const uint8_t *a1 = inbound ? rs.raddr : rs.laddr, *a2 = inbound ? rs.laddr : rs.raddr;
    uint16_t p1 = inbound ? rs.rport : rs.lport, p2 = inbound ? rs.lport : rs.rport;
    out[k++] = rs.family;
    memcpy(out + k, a1, al); k += al;
    memcpy(out + k, &p1, 2); k += 2;
    memcpy(out + k, a2, al); k += al;
    memcpy(out + k, &p2, 2); k += 2;
  } else if (rs.family == AF_UNIX) {
    out[k++] = 1;
    uint64_t s1 = inbound ? rs.peer : rs.sk, s2 = inbound ? rs.sk : rs.peer;
    memcpy(out + k, &s1, 8); k += 8;
    memcpy(out + k, &s2, 8); k += 8;
    k += put_unix_path(out + k, rs_p + sizeof(rs), rs_n - sizeof(rs));
  } else {
    EMPTY(e);
    return;
  }
  B(e, out, k);
}

static const struct rec_file *file_of(const struct slots *sl, int i) {
  return sl->n[i] >= sizeof(struct rec_file) ? (const struct rec_file *)sl->p[i] : NULL;
}

/* exec filenames seen at enter, keyed by tid, for the exit's `filename` param */
#define STASH 1024
static struct { uint32_t tid; char name[256]; } stash[STASH];

static void stash_put(uint32_t tid, const uint8_t *s, uint32_t n) {
  size_t i = tid % STASH;
  stash[i].tid = tid;
  size_t k = s ? strnlen((const char *)s, n) : 0;
  if (k > 255) k = 255;
  if (k) memcpy(stash[i].name, s, k);
  stash[i].name[k] = 0;
}

static const char *stash_get(uint32_t tid) {
  size_t i = tid % STASH;
  return stash[i].tid == tid && stash[i].name[0] ? stash[i].name : NULL;
}

/* ---------- process events (clone family, execve family) ---------- */

static void proc_event(struct encoder *e, const struct rec_hdr *h, const struct slots *sl, int exec) {
  struct rec_proc p;
  memset(&p, 0, sizeof(p));
  if (sl->n[1] >= sizeof(p)) memcpy(&p, sl->p[1], sizeof(p));
  else { p.tid = h->tid; p.pid = h->tgid; }
  /* argv: exe = argv[0], args = the rest */
  const char *argv = (const char *)sl->p[0];
  size_t an = sl->n[0];
  size_t a0 = argv ? strnlen(argv, an) : 0;
  char cwd[1024] = "", path[64], exepath[1024] = "";
  snprintf(path, sizeof(path), "/proc/%u/cwd", h->tid);
  ssize_t cl = readlink(path, cwd, sizeof(cwd) - 1);
  cwd[cl > 0 ? cl : 0] = 0;
  char cg[2048];
  size_t cgn = proc_cgroups((int)h->tid, cg, sizeof(cg));
  P(e, h->ret);                                  /* res */
  if (argv) S(e, argv, a0); else Sz(e, p.comm);  /* exe */
  if (argv && a0 + 1 < an) B(e, argv + a0 + 1, an - a0 - 1); else B(e, "", 0); /* args */
  P(e, p.tid);
  P(e, p.pid);
  P(e, p.ptid);
  Sz(e, cwd);
  P(e, p.fdlimit);
  P(e, p.pgft_maj);
  P(e, p.pgft_min);
  P(e, p.vm_size_kb);
  P(e, p.vm_rss_kb);
  P(e, p.vm_swap_kb);
  S(e, p.comm, sizeof(p.comm));
  B(e, cg, cgn);
  if (!exec) {
    uint64_t lf = 0;
    if (h->nr == 56) lf = h->args[0];
    else if (h->nr == 58) lf = CLONE_VFORK | CLONE_VM;
    else if (h->nr == 435 && sl->n[3] >= 8) memcpy(&lf, sl->p[3], 8);
    P(e, ppm_clone_flags(lf));
    P(e, p.uid);
    P(e, p.gid);
    P(e, p.vtid);
    P(e, p.vpid);
    P(e, p.pidns_init_start ? p.pidns_init_start + e->wall_offset : 0);
    return;
  }
  B(e, sl->p[2], sl->n[2]);                      /* env */
  P(e, p.tty);
  P(e, (uint64_t)(int64_t)p.vpgid);
  P(e, p.loginuid);
  P(e, p.exe_flags);
  P(e, p.cap_inh);
  P(e, p.cap_perm);
  P(e, p.cap_eff);
  P(e, p.exe_ino);
  P(e, p.exe_ctime);
  P(e, p.exe_mtime);
  P(e, p.euid);
  snprintf(path, sizeof(path), "/proc/%u/exe", h->tid);
  ssize_t el = h->ret == 0 ? readlink(path, exepath, sizeof(exepath) - 1) : -1;
  exepath[el > 0 ? el : 0] = 0;
  if (el > 0) Sz(e, exepath); else EMPTY(e);     /* trusted_exepath */
  P(e, (uint64_t)(int64_t)p.pgid);
  P(e, p.egid);
  if (h->nr == 59) {                             /* execve only: filename */
    const char *fn = stash_get(h->tid);
    if (fn) Sz(e, fn); else EMPTY(e);
  }
}

/* ---------- enter events ---------- */

static void encode_enter(struct encoder *e, const struct rec_hdr *h, const struct slots *sl, int16_t type) {
  const uint64_t *a = (const uint64_t *)h->args;
  ev_begin(e, (uint16_t)type);
  switch (h->nr) {
  case 0: case 1: P(e, a[0]); P(e, a[2]); break;                 /* read write: fd size */
  case 2: S(e, sl->p[0], sl->n[0]); P(e, ppm_open_flags(a[1])); P(e, a[1] & O_CREAT || (a[1] & O_TMPFILE) == O_TMPFILE ? a[2] : 0); break;
  /* syscalls with the same enter parameter list share a case */
  case 3: case 5: case 12: case 19: case 32: case 33: case 47: case 49: case 81: case 97: case 105: case 106:
  case 160: case 217: case 290: case 292: case 321:
    /* close fstat brk readv dup dup2 recvmsg bind fchdir getrlimit setuid setgid setrlimit getdents64 eventfd2 dup3 bpf */
    P(e, a[0]); break;
  case 11: case 48: case 50: case 62: case 73: case 101: case 109: case 200: case 302: case 317:
    /* munmap shutdown listen kill flock ptrace setpgid tkill prlimit64 seccomp */
    P(e, a[0]); P(e, a[1]); break;
  case 72: P(e, a[0]); P(e, ppm_fcntl_cmd(a[1])); break;         /* fcntl */
  case 8: case 16: case 41: case 53: case 117: case 119: case 202: case 234:
    /* lseek ioctl socket socketpair setresuid setresgid futex tgkill */
    P(e, a[0]); P(e, a[1]); P(e, a[2]); break;
  case 21: case 83: P(e, a[1]); break;                           /* access mkdir: mode */
  case 7: EMPTY(e); P(e, (uint64_t)(int64_t)(int32_t)a[2]); break; /* poll: fds known at exit */
  case 9: P(e, a[0]); P(e, a[1]); P(e, ppm_prot(a[2])); P(e, ppm_mmap(a[3])); P(e, a[4]); P(e, a[5]); break;
  case 10: P(e, a[0]); P(e, a[1]); P(e, ppm_prot(a[2])); break;  /* mprotect */
  case 17: case 18: P(e, a[0]); P(e, a[2]); P(e, a[3]); break;   /* pread pwrite */
  case 20: P(e, a[0]); P(e, 0); break;                           /* writev: size known at exit */
  case 35: EMPTY(e); break;                                      /* nanosleep */
  case 42: P(e, a[0]); put_sockaddr(e, sl->p[0], sl->n[0]); break; /* connect */
  case 44: P(e, a[0]); P(e, a[2]); EMPTY(e); break;              /* sendto */
  case 45: P(e, a[0]); P(e, a[2]); break;                        /* recvfrom */
  case 46: P(e, a[0]); P(e, 0); EMPTY(e); break;                 /* sendmsg */
  case 59: S(e, sl->p[0], sl->n[0]); stash_put(h->tid, sl->p[0], sl->n[0]); break; /* execve */
  case 322: P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, ppm_execveat_flags(a[4])); break;
  case 85: S(e, sl->p[0], sl->n[0]); P(e, a[1]); break;          /* creat */
  case 165: P(e, a[3]); break;                                   /* mount: flags */
  case 166: P(e, a[1]); break;                                   /* umount2: flags */
  case 257: P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, ppm_open_flags(a[2])); P(e, a[2] & O_CREAT || (a[2] & O_TMPFILE) == O_TMPFILE ? a[3] : 0); break;
  case 437: P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, 0); P(e, 0); P(e, 0); break; /* openat2: how at exit */
  case 271: EMPTY(e); EMPTY(e); EMPTY(e); break;                 /* ppoll */
  case 272: P(e, ppm_clone_flags(a[0])); break;                  /* unshare */
  case 288: P(e, (uint64_t)(int64_t)(int32_t)a[3]); break;       /* accept4: flags */
  case 289: P(e, a[0]); P(e, 0); break;                          /* signalfd4 */
  case 291: P(e, a[0] & O_CLOEXEC ? PPM_EPOLL_CREATE1_FLAGS_EPOLL_CLOEXEC : 0); break;
  case 295: P(e, a[0]); P(e, a[3]); break;                       /* preadv */
  case 296: P(e, a[0]); P(e, 0); P(e, a[3]); break;              /* pwritev */
  case 308: P(e, a[0]); P(e, ppm_clone_flags(a[1])); break;      /* setns */
  default: break;                                                /* enter events without params */
  }
}

/* ---------- exit events ---------- */

static void encode_exit(struct encoder *e, const struct rec_hdr *h, const struct slots *sl, int16_t type) {
  const uint64_t *a = (const uint64_t *)h->args;
  int64_t r = h->ret;
  ev_begin(e, (uint16_t)type);
  const struct rec_file *f1 = file_of(sl, 1);
  switch (h->nr) {
  case 0: case 1:                                                /* read write */
    P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, a[2]); break;
  case 17: case 18:                                              /* pread pwrite */
    P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, a[2]); P(e, a[3]); break;
  case 19: P(e, r); P(e, r > 0 ? r : 0); B(e, sl->p[0], sl->n[0]); P(e, a[0]); break; /* readv */
  case 20: P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, r > 0 ? r : 0); break; /* writev */
  case 295: P(e, r); P(e, r > 0 ? r : 0); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, a[3]); break;
  case 296: P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, r > 0 ? r : 0); P(e, a[3]); break;
  case 2: case 85: {                                             /* open creat */
    uint64_t fl = h->nr == 85 ? (O_CREAT | O_WRONLY | O_TRUNC) : a[1];
    uint32_t pf = ppm_open_flags(fl);
    if (f1 && (f1->fmode & FMODE_CREATED)) pf |= PPM_FILE_FLAGS_O_F_CREATED;
    P(e, r); S(e, sl->p[0], sl->n[0]);
    if (h->nr == 2) { P(e, pf); P(e, fl & O_CREAT || (fl & O_TMPFILE) == O_TMPFILE ? a[2] : 0); }
    else P(e, a[1]);
    P(e, f1 ? ppm_encode_dev(f1->dev) : 0); P(e, f1 ? f1->ino : 0);
    if (h->nr == 85) P(e, 0);
    break;
  }
  case 257: case 437: {                                          /* openat openat2 */
    uint64_t fl = a[2], mode = a[3], resolve = 0;
    if (h->nr == 437) {
      fl = mode = 0;
      if (sl->n[2] >= 24) { memcpy(&fl, sl->p[2], 8); memcpy(&mode, sl->p[2] + 8, 8); memcpy(&resolve, sl->p[2] + 16, 8); }
    }
    uint32_t pf = ppm_open_flags(fl);
    if (f1 && (f1->fmode & FMODE_CREATED)) pf |= PPM_FILE_FLAGS_O_F_CREATED;
    P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, pf);
    P(e, fl & O_CREAT || (fl & O_TMPFILE) == O_TMPFILE ? mode : 0);
    if (h->nr == 437) P(e, resolve); /* RESOLVE_* values equal the PPM ones */
    P(e, f1 ? ppm_encode_dev(f1->dev) : 0); P(e, f1 ? f1->ino : 0);
    break;
  }
  /* syscalls with the same exit parameter list share a case */
  case 3: case 5: case 81: case 217: case 105: case 106: case 321: /* close fstat fchdir getdents64 setuid setgid bpf */
    P(e, r); P(e, a[0]); break;
  case 48: case 50: case 62: case 73: case 91: case 109: case 113: case 114: case 200: case 317: case 434:
    /* shutdown listen kill flock fchmod setpgid setreuid setregid tkill seccomp pidfd_open */
    P(e, r); P(e, a[0]); P(e, a[1]); break;
  case 8: case 16: case 93: case 117: case 119: case 202: case 234: case 436:
    /* lseek ioctl fchown setresuid setresgid futex tgkill close_range */
    P(e, r); P(e, a[0]); P(e, a[1]); P(e, a[2]); break;
  case 72: P(e, r); P(e, a[0]); P(e, ppm_fcntl_cmd(a[1])); P(e, a[2]); break; /* fcntl */
  case 4: case 6: case 79: case 80: case 84: case 87: case 161:  /* stat lstat getcwd chdir rmdir unlink chroot */
    P(e, r); S(e, sl->p[0], sl->n[0]); break;
  case 21: case 83: case 90: case 166: case 319:                 /* access mkdir chmod umount2 memfd_create */
    P(e, r); S(e, sl->p[0], sl->n[0]); P(e, a[1]); break;
  case 92: case 94: case 133: P(e, r); S(e, sl->p[0], sl->n[0]); P(e, a[1]); P(e, a[2]); break; /* chown lchown mknod */
  case 259: P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, a[2]); P(e, a[3]); break;
  case 258: case 263: case 268:                                  /* mkdirat unlinkat fchmodat */
    P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, a[2]); break;
  case 260: P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, a[2]); P(e, a[3]); P(e, a[4]); break;
  case 262: P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, a[3]); break; /* newfstatat */
  case 82: case 86: case 88: P(e, r); S(e, sl->p[0], sl->n[0]); S(e, sl->p[1], sl->n[1]); break; /* rename link symlink */
  case 264: case 316: case 265:                                  /* renameat renameat2 linkat */
    P(e, r); P(e, ppm_dirfd(a[0])); S(e, sl->p[0], sl->n[0]); P(e, ppm_dirfd(a[2])); S(e, sl->p[1], sl->n[1]);
    if (h->nr != 264) P(e, a[4]);
    break;
  case 266: P(e, r); S(e, sl->p[0], sl->n[0]); P(e, ppm_dirfd(a[1])); S(e, sl->p[1], sl->n[1]); break; /* symlinkat */
  case 22: case 293: {                                           /* pipe pipe2 */
    int fds[2] = {-1, -1};
    if (sl->n[0] >= 8) memcpy(fds, sl->p[0], 8);
    P(e, r); P(e, (uint64_t)(int64_t)fds[0]); P(e, (uint64_t)(int64_t)fds[1]); P(e, f1 ? f1->ino : 0);
    if (type == PPME_SYSCALL_PIPE2_X) P(e, ppm_fd_flags(a[1]));
    break;
  }
  case 32: case 33: case 292:
    if (type == PPME_SYSCALL_DUP_X) { P(e, r); break; }         /* --legacy */
    P(e, r); P(e, a[0]);
    if (h->nr != 32) P(e, a[1]);
    if (h->nr == 292) P(e, ppm_fd_flags(a[2]));
    break;
  case 41: P(e, r); P(e, a[0]); P(e, a[1] & 0xf); P(e, a[2]); P(e, ppm_fd_flags(a[1])); break; /* socket */
  case 53: {                                                     /* socketpair */
    int fds[2] = {-1, -1};
    struct rec_sock rs = {0};
    if (sl->n[0] >= 8) memcpy(fds, sl->p[0], 8);
    if (sl->n[1] >= sizeof(rs)) memcpy(&rs, sl->p[1], sizeof(rs));
    P(e, r); P(e, (uint64_t)(int64_t)fds[0]); P(e, (uint64_t)(int64_t)fds[1]); P(e, rs.sk); P(e, rs.peer);
    P(e, a[0]); P(e, a[1]); P(e, a[2]);
    break;
  }
  case 42:                                                       /* connect */
    P(e, r); put_tuple(e, sl->p[1], sl->n[1], sl->p[0], sl->n[0], 0); P(e, a[0]); put_sockaddr(e, sl->p[0], sl->n[0]);
    break;
  case 49: P(e, r); put_sockaddr(e, sl->p[0], sl->n[0]); P(e, a[0]); break; /* bind */
  case 43: case 288:                                             /* accept accept4 */
    P(e, r); put_tuple(e, sl->p[1], sl->n[1], NULL, 0, 1); P(e, 0); P(e, 0); P(e, 0);
    if (type == PPME_SOCKET_ACCEPT4_6_X) P(e, (uint64_t)(int64_t)(int32_t)a[3]);
    break;
  case 44:                                                       /* sendto */
    P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, a[2]); put_tuple(e, sl->p[1], sl->n[1], sl->p[2], sl->n[2], 0);
    break;
  case 45:                                                       /* recvfrom */
    P(e, r); B(e, sl->p[0], sl->n[0]); put_tuple(e, sl->p[1], sl->n[1], sl->p[2], sl->n[2], 1); P(e, a[0]); P(e, a[2]);
    break;
  case 46:                                                       /* sendmsg */
    P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[0]); P(e, r > 0 ? r : 0); put_tuple(e, sl->p[1], sl->n[1], sl->p[2], sl->n[2], 0);
    break;
  case 47:                                                       /* recvmsg */
    P(e, r); P(e, r > 0 ? r : 0); B(e, sl->p[0], sl->n[0]); put_tuple(e, sl->p[1], sl->n[1], sl->p[2], sl->n[2], 1);
    EMPTY(e); P(e, a[0]);
    break;
  case 56: case 57: case 58: case 435: proc_event(e, h, sl, 0); break;
  case 59: case 322: proc_event(e, h, sl, 1); break;
  case 9:                                                        /* mmap */
  case 11: case 12: {                                            /* munmap brk */
    struct rec_proc p = {0};
    if (sl->n[1] >= sizeof(p)) memcpy(&p, sl->p[1], sizeof(p));
    P(e, r); P(e, p.vm_size_kb); P(e, p.vm_rss_kb); P(e, p.vm_swap_kb); P(e, a[0]);
    if (h->nr == 9) { P(e, a[1]); P(e, ppm_prot(a[2])); P(e, ppm_mmap(a[3])); P(e, a[4]); P(e, a[5]); }
    if (h->nr == 11) P(e, a[1]);
    break;
  }
  case 10: P(e, r); P(e, a[0]); P(e, a[1]); P(e, ppm_prot(a[2])); break; /* mprotect */
  case 101: P(e, r); DYN64(e, a[2]); DYN64(e, a[3]); P(e, a[0]); P(e, a[1]); break; /* ptrace */
  case 112: P(e, r); break;                                      /* setsid */
  case 126: {                                                    /* capset: the caps after the call */
    struct rec_proc p = {0};
    if (sl->n[1] >= sizeof(p)) memcpy(&p, sl->p[1], sizeof(p));
    P(e, r); P(e, p.cap_inh); P(e, p.cap_perm); P(e, p.cap_eff);
    break;
  }
  case 272: P(e, r); P(e, ppm_clone_flags(a[0])); break;         /* unshare */
  case 308: P(e, r); P(e, a[0]); P(e, ppm_clone_flags(a[1])); break; /* setns */
  case 165: P(e, r); S(e, sl->p[0], sl->n[0]); S(e, sl->p[1], sl->n[1]); S(e, sl->p[2], sl->n[2]); P(e, a[3]); break;
  case 175: P(e, r); B(e, sl->p[0], sl->n[0]); P(e, a[1]); S(e, sl->p[1], sl->n[1]); break; /* init_module */
  case 313: P(e, r); P(e, a[0]); S(e, sl->p[0], sl->n[0]); P(e, a[2]); break; /* finit_module */
  case 176: P(e, r); EMPTY(e); P(e, a[1]); break;                /* delete_module */
  case 157:                                                      /* prctl */
    P(e, r); P(e, a[0]); S(e, sl->p[0], sl->n[0]); P(e, a[1]);
    break;
  case 35: {                                                     /* nanosleep */
    uint64_t t[2] = {0, 0};
    if (sl->n[0] >= 16) memcpy(t, sl->p[0], 16);
    P(e, r); P(e, t[0] * 1000000000ull + t[1]);
    break;
  }
  case 7: case 271: {                                            /* poll ppoll */
    uint8_t fl[2 + 16 * 10];
    uint16_t cnt = (uint16_t)(sl->n[0] / 8);
    memcpy(fl, &cnt, 2);
    for (uint16_t i = 0; i < cnt; i++) {
      int32_t fd; int16_t ev, rev;
      memcpy(&fd, sl->p[0] + i * 8, 4); memcpy(&ev, sl->p[0] + i * 8 + 4, 2); memcpy(&rev, sl->p[0] + i * 8 + 6, 2);
      int64_t fd64 = fd;
      uint16_t f = (uint16_t)rev; /* POLL* bits match the PPM ones for the common flags */
      memcpy(fl + 2 + i * 10, &fd64, 8);
      memcpy(fl + 2 + i * 10 + 8, &f, 2);
    }
    P(e, r); B(e, fl, 2 + cnt * 10);
    if (h->nr == 7) P(e, (uint64_t)(int64_t)(int32_t)a[2]); else { EMPTY(e); P(e, 0); }
    break;
  }
  case 97: case 160: {                                           /* getrlimit setrlimit */
    int64_t rl[2] = {-1, -1};
    if (sl->n[0] >= 16) memcpy(rl, sl->p[0], 16);
    P(e, r); P(e, rl[0]); P(e, rl[1]); P(e, a[0]);
    break;
  }
  case 302: {                                                    /* prlimit64 */
    int64_t nw[2] = {-1, -1}, od[2] = {-1, -1};
    if (sl->n[1] >= 16) memcpy(nw, sl->p[1], 16);
    if (sl->n[2] >= 16) memcpy(od, sl->p[2], 16);
    P(e, r); P(e, nw[0]); P(e, nw[1]); P(e, od[0]); P(e, od[1]); P(e, a[0]); P(e, a[1]);
    break;
  }
  case 289: P(e, r); P(e, ppm_fd_flags(a[3])); P(e, a[0]); P(e, 0); break; /* signalfd4 */
  case 290: P(e, r); P(e, ppm_fd_flags(a[1])); P(e, a[0]); break; /* eventfd2 */
  case 291: P(e, r); P(e, a[0] & O_CLOEXEC ? PPM_EPOLL_CREATE1_FLAGS_EPOLL_CLOEXEC : 0); break;
  case 294: P(e, r); P(e, ppm_fd_flags(a[0])); break;            /* inotify_init1 */
  default: break;
  }
}

/* which syscalls have a dedicated encoding here; the rest become generic events */
static int handled(int nr) {
  switch (nr) {
  case 0: case 1: case 2: case 3: case 4: case 5: case 6: case 7: case 8: case 9: case 10: case 11: case 12:
  case 16: case 17: case 18: case 19: case 20: case 21: case 22: case 32: case 33: case 35: case 41: case 42:
  case 43: case 44: case 45: case 46: case 47: case 48: case 49: case 50: case 53: case 56: case 57: case 58:
  case 59: case 62: case 72: case 73: case 79: case 80: case 81: case 82: case 83: case 84: case 85: case 86:
  case 87: case 88: case 90: case 91: case 92: case 93: case 94: case 97: case 101: case 105: case 106:
  case 109: case 112: case 113: case 114: case 117: case 119: case 126: case 133: case 157: case 160: case 161:
  case 165: case 166: case 175: case 176: case 200: case 202: case 217: case 234: case 257: case 258: case 259:
  case 260: case 262: case 263: case 264: case 265: case 266: case 268: case 271: case 272: case 288: case 289:
  case 290: case 291: case 292: case 293: case 294: case 295: case 296: case 302: case 308: case 313: case 316:
  case 317: case 319: case 321: case 322: case 434: case 435: case 436: case 437:
    return 1;
  }
  return 0;
}

/* Event types that old readers (sysdig 0.29.3: types < 336) know, for --legacy. */
static void legacy_types(int nr, int16_t *en, int16_t *ex) {
  switch (nr) {
  case 288: *en = PPME_SOCKET_ACCEPT4_5_E; *ex = PPME_SOCKET_ACCEPT4_5_X; break;
  case 293: *en = PPME_SYSCALL_PIPE_E; *ex = PPME_SYSCALL_PIPE_X; break;
  case 32: case 33: case 292: *en = PPME_SYSCALL_DUP_E; *ex = PPME_SYSCALL_DUP_X; break;
  }
}

void enc_init(struct encoder *e) {
  memset(e, 0, sizeof(*e));
  e->snaplen = 80;
}

/* A drop marker is a drop enter + exit pair: sinsp hides every event between a drop enter and its
 * exit (its sampling semantics), so a lone enter would hide the rest of the capture. */
void enc_drop(struct encoder *e, uint64_t ts_boot, uint16_t cpu, uint64_t count) {
  uint64_t v = count > UINT32_MAX ? UINT32_MAX : count;
  ev_begin(e, PPME_DROP_E);
  P(e, v);
  emit_event(e, ts_boot, (uint64_t)-1, cpu);
  ev_begin(e, PPME_DROP_X);
  P(e, v);
  emit_event(e, ts_boot, (uint64_t)-1, cpu);
  e->drops_reported += count;
}

void enc_record(struct encoder *e, const uint8_t *rec, size_t len) {
  struct rec_hdr h;
  if (len < sizeof(h)) return;
  memcpy(&h, rec, sizeof(h));
  if (h.kind == REC_DROP) {
    if (len >= sizeof(h) + sizeof(struct rec_drop)) {
      struct rec_drop d;
      memcpy(&d, rec + sizeof(h), sizeof(d));
      enc_drop(e, h.ts, h.cpu, d.count);
    }
    return;
  }
  if (h.kind == REC_PROC_EXIT) {
    int64_t code = 0, reaper = 0;
    if (len >= sizeof(h) + 16) { memcpy(&code, rec + sizeof(h), 8); memcpy(&reaper, rec + sizeof(h) + 8, 8); }
    ev_begin(e, PPME_PROCEXIT_1_E);
    P(e, code);
    P(e, (code >> 8) & 0xff);
    P(e, code & 0x7f);
    P(e, (code & 0x80) ? 1 : 0);
    P(e, 0); /* reaper_tid: not known here */
    emit_event(e, h.ts, h.tid, h.cpu);
    return;
  }
  if (h.kind != REC_SYS_ENTER && h.kind != REC_SYS_EXIT) return;
  struct slots sl;
  if (split_slots(&h, rec, len, &sl) < 0) return;
  int nr = h.nr;
  int16_t en = -1, ex = -1;
  uint16_t ppm_sc = 0;
  if (nr >= 0 && nr < SC_TABLE_SIZE) {
    en = sc_table[nr].enter;
    ex = sc_table[nr].exit;
    ppm_sc = sc_table[nr].ppm_sc;
  }
  if (e->legacy) legacy_types(nr, &en, &ex);
  int generic = !handled(nr) || en < 0 || ex < 0 || en == PPME_GENERIC_E;
  if (generic) {
    ev_begin(e, h.kind == REC_SYS_ENTER ? PPME_GENERIC_E : PPME_GENERIC_X);
    /* readers built before 2023 (sysdig 0.29.3) index their syscall-name table with this id
     * without a bounds check and crash past clone3 (328): newer ids are written as 0
     * ("unknown"), and readers take the name from nativeID instead */
    P(e, ppm_sc > PPM_SC_LEGACY_MAX ? 0 : ppm_sc);
    P(e, nr < 0 ? 0 : (uint64_t)nr);
  } else if (h.kind == REC_SYS_ENTER) {
    encode_enter(e, &h, &sl, en);
  } else {
    encode_exit(e, &h, &sl, ex);
  }
  emit_event(e, h.ts, h.tid, h.cpu);
}
