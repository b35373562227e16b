/* scapula-recorder: user side. Why this order of things: the probes are attached BEFORE /proc is
 * scanned, so a process that starts during the scan is still seen (its events wait in the ring);
 * then the ring is drained on a 10 ms timer (the kernel side does not wake us per event), records
 * are encoded, time-sorted in a short window and written as whole blocks. One clean-up path
 * (finish()) serves SIGINT/SIGTERM, limits and the end of a recorded command. */
#define _GNU_SOURCE
#include <bpf/libbpf.h>
#include <bpf/bpf.h>
#include <errno.h>
#include <getopt.h>
#include <linux/capability.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "encode.h"
#include "procscan.h"
#include "record.h"
#include "scapfile.h"
#include "schema.h"
#include "scapula.skel.h"
#include "sorter.h"

struct opts {
  const char *out;
  int gzip, legacy, quiet, verbose;
  uint32_t snaplen;
  double max_seconds;
  uint64_t max_events;
  uint64_t rotate_bytes;
  double rotate_seconds;
  int max_files;
  int target_pid;
  const char *comm;
  const char *cgroup;
  uint32_t ring_mb;
  double snapshot_seconds;
  int exit_only;
  int nice;
  char **cmd;
};

static struct opts o = {.snaplen = 80, .ring_mb = 64, .nice = -10};
static volatile sig_atomic_t stop_flag;
static struct encoder enc;
static struct sorter sorter;
static struct out out;
static uint64_t written, file_index, file_events, file_start_ns, file_meta_bytes;
static int stopping_for_limit;
static char cur_path[4096];

static uint64_t clock_ns(clockid_t c) {
  struct timespec ts;
  clock_gettime(c, &ts);
  return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

/* REALTIME - BOOTTIME from the tightest of 20 bracketed samples */
static uint64_t wall_offset(void) {
  uint64_t best = UINT64_MAX, off = 0;
  for (int i = 0; i < 20; i++) {
    uint64_t a = clock_ns(CLOCK_BOOTTIME), w = clock_ns(CLOCK_REALTIME), b = clock_ns(CLOCK_BOOTTIME);
    if (b - a < best) {
      best = b - a;
      off = w - (a + (b - a) / 2);
    }
  }
  return off;
}

static void usage(FILE *f) {
  fprintf(f,
          "usage: scapula-recorder -w FILE [options] [-- COMMAND ARGS...]\n"
          "Records system calls with eBPF into a .scap capture (readable by scapula, sysdig, Falco, Stratoshark).\n"
          "  -w FILE          output file, '-' for stdout\n"
          "  -z               gzip the output\n"
          "  -s N             bytes of I/O data kept per event (snaplen, default 80, max 16000)\n"
          "  -M SECONDS       stop after this long\n"
          "  -n EVENTS        stop after this many events\n"
          "  -C MB            start a new file after MB megabytes of events (FILE0, FILE1, ...)\n"
          "  -G SECONDS       start a new file every SECONDS\n"
          "  -W COUNT         with -C/-G: keep at most COUNT files, reusing names in a ring\n"
          "  -p PID           only this process and its descendants\n"
          "  --comm NAME      only threads whose comm is NAME\n"
          "  --cgroup PATH    only tasks in this cgroup v2 directory (e.g. a container's) or below it\n"
          "  --legacy         event types sysdig 0.29 / Falco < 0.42 know (accept4, pipe2, dup2/dup3)\n"
          "  --exit-only      the current libs layout: exit events only (plus the open/connect/execve enter\n"
          "                   events current drivers keep); half the cost, but readers older than libs 0.22\n"
          "                   (sysdig 0.29, Falco < 0.42) need enter events to track fds\n"
          "  --ring MB        kernel ring buffer size (default 64)\n"
          "  --nice N         scheduling niceness of the recorder (default -10: on a busy host the reader\n"
          "                   must keep up with the kernel ring or records are dropped; 0 to share equally)\n"
          "  --snapshot SECS  start a new section (fresh /proc state) every SECS in the same output, so a\n"
          "                   consumer can cut the stream anywhere and still have the state (scapula record)\n"
          "  -q               no summary    -v   libbpf messages\n"
          "  -- COMMAND ARGS  run COMMAND and record it and its descendants only; stops when it exits\n");
}

static int parse_opts(int argc, char **argv) {
  static struct option lo[] = {{"comm", 1, 0, 1}, {"cgroup", 1, 0, 2}, {"legacy", 0, 0, 3}, {"ring", 1, 0, 4}, {"snapshot", 1, 0, 5}, {"exit-only", 0, 0, 6}, {"nice", 1, 0, 7},
                               {"help", 0, 0, 'h'}, {0, 0, 0, 0}};
  int c;
  while ((c = getopt_long(argc, argv, "+w:zs:M:n:C:G:W:p:qvh", lo, NULL)) != -1) {
    switch (c) {
    case 'w': o.out = optarg; break;
    case 'z': o.gzip = 1; break;
    case 's': o.snaplen = (uint32_t)atoi(optarg); if (o.snaplen > 16000) o.snaplen = 16000; break;
    case 'M': o.max_seconds = atof(optarg); break;
    case 'n': o.max_events = strtoull(optarg, NULL, 10); break;
    case 'C': o.rotate_bytes = (uint64_t)(atof(optarg) * 1000000.0); break;
    case 'G': o.rotate_seconds = atof(optarg); break;
    case 'W': o.max_files = atoi(optarg); break;
    case 'p': o.target_pid = atoi(optarg); break;
    case 'q': o.quiet = 1; break;
    case 'v': o.verbose = 1; break;
    case 1: o.comm = optarg; break;
    case 2: o.cgroup = optarg; break;
    case 3: o.legacy = 1; break;
    case 4: o.ring_mb = (uint32_t)atoi(optarg); break;
    case 5: o.snapshot_seconds = atof(optarg); break;
    case 6: o.exit_only = 1; break;
    case 7: o.nice = atoi(optarg); break;
    case 'h': usage(stdout); exit(0);
    default: usage(stderr); return -1;
    }
  }
  if (optind < argc) o.cmd = &argv[optind];
  if (!o.out) {
    fprintf(stderr, "scapula-recorder: -w FILE is required ('-' for stdout)\n");
    return -1;
  }
  if ((o.rotate_bytes || o.rotate_seconds) && strcmp(o.out, "-") == 0) {
    fprintf(stderr, "scapula-recorder: -C/-G need a file, not stdout\n");
    return -1;
  }
  return 0;
}

static int check_privileges(void) {
  struct __user_cap_header_struct h = {_LINUX_CAPABILITY_VERSION_3, 0};
  struct __user_cap_data_struct d[2];
  memset(d, 0, sizeof(d));
  if (syscall(SYS_capget, &h, d) != 0) return 0;
  uint64_t eff = (uint64_t)d[0].effective | ((uint64_t)d[1].effective << 32);
  int sys_admin = !!(eff & (1ull << 21)), bpf = !!(eff & (1ull << 39)), perfmon = !!(eff & (1ull << 38));
  if (sys_admin || (bpf && perfmon)) return 0;
  fprintf(stderr, "scapula-recorder: missing capability %s%s%s: eBPF tracing needs CAP_BPF and CAP_PERFMON (or CAP_SYS_ADMIN).\n"
                  "  Run as root, or: sudo setcap cap_bpf,cap_perfmon+ep scapula-recorder; in Docker: --cap-add BPF --cap-add PERFMON.\n",
          bpf ? "" : "CAP_BPF", (!bpf && !perfmon) ? " and " : "", perfmon ? "" : "CAP_PERFMON");
  return -1;
}

static int libbpf_log(enum libbpf_print_level lvl, const char *fmt, va_list ap) {
  if (lvl == LIBBPF_DEBUG && !o.verbose) return 0;
  if (lvl == LIBBPF_INFO && !o.verbose) return 0;
  return vfprintf(stderr, fmt, ap);
}

static void on_signal(int sig) {
  (void)sig;
  stop_flag = 1;
}

static const char *file_name(uint64_t idx) {
  if (!o.rotate_bytes && !o.rotate_seconds) return o.out;
  uint64_t k = o.max_files > 0 ? idx % (uint64_t)o.max_files : idx;
  snprintf(cur_path, sizeof(cur_path), "%s%llu", o.out, (unsigned long long)k);
  return cur_path;
}

/* SHB + metadata: the start of a section (a file, or a snapshot inside a stream) */
static void scan_section(struct buf *meta, const char *p, struct scan_stats *st) {
  scap_shb(meta);
  scan_metadata(meta, clock_ns(CLOCK_REALTIME) - clock_ns(CLOCK_BOOTTIME), st);
  if (o.verbose)
    fprintf(stderr, "scapula-recorder: %s: %u processes, %u threads, %u fds (%u vanished during the scan)\n", p, st->processes,
            st->threads, st->fds, st->vanished);
}

static void write_section(const char *p) {
  struct buf meta = {0};
  struct scan_stats st;
  scan_section(&meta, p, &st);
  free(st.gone);
  out_write(&out, meta.p, meta.len);
  buf_free(&meta);
}

/* A block of a thread the snapshot missed because it exited while being scanned (sorter_also). */
static int of_gone_thread(void *ctx, const uint8_t *blk, size_t len) {
  const struct scan_stats *st = ctx;
  if (len < 10 + 16) return 0;
  uint64_t tid;
  memcpy(&tid, blk + 10 + 8, 8); /* EV block: type, len, cpu (2), then ts (8) and tid (8) */
  for (uint32_t i = 0; i < st->n_gone; i++)
    if ((uint64_t)st->gone[i] == tid) return 1;
  return 0;
}

static int open_file(uint64_t idx) {
  const char *p = file_name(idx);
  if (out_open(&out, p, o.gzip) != 0) return -1;
  write_section(p);
  file_events = 0;
  file_meta_bytes = out.bytes;
  file_start_ns = clock_ns(CLOCK_BOOTTIME);
  return 0;
}

static void write_block(void *ctx, const uint8_t *blk, size_t len) {
  (void)ctx;
  if (o.max_events && written >= o.max_events) {
    stopping_for_limit = 1;
    return;
  }
  if (file_events > 0 && ((o.rotate_bytes && out.bytes - file_meta_bytes + len > o.rotate_bytes) ||
                          (o.rotate_seconds && clock_ns(CLOCK_BOOTTIME) - file_start_ns >= o.rotate_seconds * 1e9))) {
    out_close(&out);
    if (open_file(++file_index) != 0) { stop_flag = 1; return; }
  }
  out_write(&out, blk, len);
  written++;
  file_events++;
  if (out.failed) stop_flag = 1;
}

static void on_event(void *ctx, uint64_t ts_wall, const uint8_t *blk, size_t len) {
  (void)ctx;
  sorter_add(&sorter, ts_wall, blk, len);
}

static int on_record(void *ctx, void *data, size_t len) {
  (void)ctx;
  enc_record(&enc, data, len);
  return 0;
}

static int fill_ia32_map(struct scapula_bpf *skel) {
  int fd = bpf_map__fd(skel->maps.ia32_map);
  for (uint32_t i = 0; i < 512; i++) {
    int32_t v = ia32_to_x86_64[i];
    if (bpf_map_update_elem(fd, &i, &v, BPF_ANY) != 0) return -1;
  }
  return 0;
}

int main(int argc, char **argv) {
  if (parse_opts(argc, argv) != 0) return 2;
  if (check_privileges() != 0) return 77;
  if (access("/sys/kernel/btf/vmlinux", R_OK) != 0) {
    fprintf(stderr, "scapula-recorder: this kernel has no BTF (/sys/kernel/btf/vmlinux): CONFIG_DEBUG_INFO_BTF=y is needed\n");
    return 77;
  }
  libbpf_set_print(libbpf_log);

  /* a command to record: fork it now, stopped on a pipe until the probes are in place */
  int go[2] = {-1, -1};
  pid_t child = 0;
  if (o.cmd) {
    if (pipe(go) != 0) return 1;
    child = fork();
    if (child < 0) { perror("fork"); return 1; }
    if (child == 0) {
      close(go[1]);
      char c;
      if (read(go[0], &c, 1) != 1) _exit(127);
      close(go[0]);
      /* the command must not hold our output (a pipe would never see EOF) nor write into it */
      if (strcmp(o.out, "-") == 0) dup2(2, 1);
      for (int fd = 3; fd < 1024; fd++) close(fd);
      execvp(o.cmd[0], o.cmd);
      fprintf(stderr, "scapula-recorder: cannot run %s: %s\n", o.cmd[0], strerror(errno));
      _exit(127);
    }
    close(go[0]);
    o.target_pid = child;
  }

  struct scapula_bpf *skel = scapula_bpf__open();
  if (!skel) { fprintf(stderr, "scapula-recorder: cannot open the BPF object\n"); return 1; }
  uint32_t ring = o.ring_mb << 20;
  if (ring < (1u << 20)) ring = 1u << 20;
  uint32_t p2 = 1;
  while (p2 < ring) p2 <<= 1;
  ring = p2;
  skel->rodata->self_tgid = (uint32_t)getpid();
  skel->rodata->snaplen = o.snaplen;
  skel->rodata->ring_size = ring;
  skel->rodata->exit_only = (uint32_t)o.exit_only;
  skel->rodata->target_mode = o.target_pid ? 1 : 0;
  if (o.comm) strncpy((char *)skel->rodata->comm_filter, o.comm, 15);
  if (o.cgroup) {
    struct stat st;
    if (stat(o.cgroup, &st) != 0) {
      fprintf(stderr, "scapula-recorder: --cgroup %s: %s\n", o.cgroup, strerror(errno));
      return 2;
    }
    uint32_t level = 0;
    for (const char *c = o.cgroup; *c; c++)
      if (*c == '/' && c[1] && c[1] != '/') level++;
    /* path depth below the cgroup2 mount decides the ancestor level; the mount itself is level 0 */
    const char *mnt = strstr(o.cgroup, "/sys/fs/cgroup") == o.cgroup ? "/sys/fs/cgroup" : NULL;
    if (mnt) {
      level = 0;
      const char *r = o.cgroup + strlen(mnt);
      if (!strncmp(r, "/unified", 8)) r += 8;
      for (const char *c = r; *c; c++)
        if (*c == '/' && c[1]) level++;
    }
    skel->rodata->cgroup_id = st.st_ino;
    skel->rodata->cgroup_level = level;
  }
  bpf_map__set_max_entries(skel->maps.rb, ring);
  bpf_map__set_max_entries(skel->maps.scratch_map, (uint32_t)libbpf_num_possible_cpus());
  int err = scapula_bpf__load(skel);
  if (err) {
    fprintf(stderr, "scapula-recorder: loading the eBPF programs failed (%s)%s\n", strerror(-err),
            err == -EPERM ? ": missing CAP_BPF/CAP_PERFMON, or running in a user namespace" : "");
    return 1;
  }
  if (fill_ia32_map(skel) != 0) fprintf(stderr, "scapula-recorder: warning: ia32 syscall map not loaded\n");
  if (o.target_pid) {
    uint32_t k = (uint32_t)o.target_pid;
    uint8_t one = 1;
    bpf_map_update_elem(bpf_map__fd(skel->maps.traced), &k, &one, BPF_ANY);
  }
  err = scapula_bpf__attach(skel);
  if (err) {
    fprintf(stderr, "scapula-recorder: attaching the tracepoints failed (%s)\n", strerror(-err));
    return 1;
  }
  struct ring_buffer *rb = ring_buffer__new(bpf_map__fd(skel->maps.rb), on_record, NULL, NULL);
  if (!rb) { fprintf(stderr, "scapula-recorder: cannot open the ring buffer\n"); return 1; }

  struct sigaction sa = {0};
  sa.sa_handler = on_signal;
  sigaction(SIGINT, &sa, NULL);
  sigaction(SIGTERM, &sa, NULL);
  signal(SIGPIPE, SIG_IGN);

  enc_init(&enc);
  enc.snaplen = o.snaplen;
  enc.legacy = o.legacy;
  enc.sink = on_event;
  enc.wall_offset = wall_offset();
  if (open_file(0) != 0) return 1;
  /* after forking the command (it keeps the default priority) */
  if (o.nice) (void)!setpriority(PRIO_PROCESS, 0, o.nice);
  fprintf(stderr, "scapula-recorder: READY\n");
  fflush(stderr);
  if (child) { (void)!write(go[1], "g", 1); close(go[1]); }

  uint64_t start = clock_ns(CLOCK_BOOTTIME), last_sync = start, last_snap = start;
  int child_status = 0, child_done = 0;
  uint64_t child_done_at = 0;
  while (!stop_flag && !stopping_for_limit) {
    ring_buffer__poll(rb, 10);
    ring_buffer__consume(rb);
    uint64_t now = clock_ns(CLOCK_BOOTTIME);
    if (now - last_sync > 1000000000ull) { enc.wall_offset = wall_offset(); last_sync = now; }
    /* release what can no longer be preceded: 20 ms behind the newest record, or 500 ms behind now */
    uint64_t upto = sorter.max_ts > 20000000ull ? sorter.max_ts - 20000000ull : 0;
    uint64_t idle = now + enc.wall_offset - 500000000ull;
    if (idle > upto) upto = idle;
    sorter_flush(&sorter, upto, write_block, NULL);
    /* gzip output is synced only at the end (a sync point per 10 ms would cost ratio) */
    if (!o.gzip) out_flush(&out);
    if (o.snapshot_seconds && now - last_snap >= o.snapshot_seconds * 1e9 && file_events > 0) {
      /* The snapshot stands for the moment /proc was listed: every event before it belongs before
       * the snapshot in the stream, also those still in the kernel ring, so the ring is read after
       * the scan and only then is the section written; so do the events of threads that were
       * listed but exited before the scan read them. Writing the section first put events of
       * processes the snapshot did not have after it (every reader then showed proc.name <NA>).
       * A section needs at least one event before the next SHB: file_events > 0. */
      struct buf meta = {0};
      struct scan_stats st;
      scan_section(&meta, o.out, &st);
      ring_buffer__consume(rb);
      /* the events of threads that exited while the scan read /proc stay with the old section too */
      sorter_flush_if(&sorter, st.listed_ns + enc.wall_offset, of_gone_thread, &st, write_block, NULL);
      free(st.gone);
      out_write(&out, meta.p, meta.len);
      buf_free(&meta);
      file_events = 0;
      last_snap = now;
      out_flush(&out);
    }
    if (o.max_seconds && now - start >= o.max_seconds * 1e9) break;
    if (child && !child_done && waitpid(child, &child_status, WNOHANG) == child) { child_done = 1; child_done_at = now; }
    if (child_done && now - child_done_at > 50000000ull) break; /* let its last records arrive */
  }

  /* finish: detach, drain the ring, account for drops not yet announced, write everything, close */
  scapula_bpf__detach(skel);
  ring_buffer__consume(rb);
  int ncpu = libbpf_num_possible_cpus();
  struct { uint64_t emitted, dropped, pending, read_fail; } *st = calloc((size_t)ncpu, 32);
  uint32_t zero = 0;
  uint64_t em = 0, dr = 0, rf = 0;
  char per[1024] = "";
  size_t pn = 0;
  if (st && bpf_map_lookup_elem(bpf_map__fd(skel->maps.stats), &zero, st) == 0) {
    for (int i = 0; i < ncpu; i++) {
      em += st[i].emitted;
      dr += st[i].dropped;
      rf += st[i].read_fail;
      /* losses after the last record of a CPU had no later record to carry their marker */
      if (st[i].pending) enc_drop(&enc, clock_ns(CLOCK_BOOTTIME), (uint16_t)i, st[i].pending);
      if (pn < sizeof(per) - 40) pn += (size_t)snprintf(per + pn, sizeof(per) - pn, "%scpu%d %llu", i ? ", " : "", i,
                                                        (unsigned long long)st[i].dropped);
    }
  }
  stopping_for_limit = 0;
  sorter_flush(&sorter, UINT64_MAX, write_block, NULL);
  if (file_events == 0) {
    enc_drop(&enc, clock_ns(CLOCK_BOOTTIME), 0, 0);
    o.max_events = 0;
    sorter_flush(&sorter, UINT64_MAX, write_block, NULL);
  }
  out_close(&out);

  if (!o.quiet)
    fprintf(stderr,
            "scapula-recorder: %llu events written to %llu file(s); kernel records %llu, dropped %llu (%s), "
            "user reads failed %llu%s\n",
            (unsigned long long)written, (unsigned long long)file_index + 1, (unsigned long long)em,
            (unsigned long long)dr, per, (unsigned long long)rf,
            enc.schema_mismatch ? " [schema mismatches!]" : "");
  if (enc.schema_mismatch)
    fprintf(stderr, "scapula-recorder: %llu events did not match the schema's parameter count (last type %u)\n",
            (unsigned long long)enc.schema_mismatch, enc.last_mismatch_type);
  free(st);
  ring_buffer__free(rb);
  scapula_bpf__destroy(skel);
  if (child) {
    if (!child_done) { /* we stopped first (-n, -M, a signal): end the command, report success */
      kill(child, SIGTERM);
      waitpid(child, &child_status, 0);
      return 0;
    }
    if (WIFEXITED(child_status)) return WEXITSTATUS(child_status);
    return 128 + (WIFSIGNALED(child_status) ? WTERMSIG(child_status) : 0);
  }
  return 0;
}
