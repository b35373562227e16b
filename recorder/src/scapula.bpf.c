// SPDX-License-Identifier: GPL-2.0
/* Kernel side of the recorder. Why it is shaped like this: syscall tracepoints (tp_btf) see every
 * syscall of every process at ~50 ns, so the work done here must stay small and bounded. Each
 * syscall enter and exit becomes one raw record (struct rec_hdr + payload slots, record.h) built
 * in a per-CPU scratch area and copied to one ring buffer with no wakeup (the reader polls on a
 * timer; a wakeup is forced only when the ring is a quarter full). Payloads (paths, snippets of
 * I/O, socket endpoints, process facts) are read at syscall EXIT, where the kernel has already
 * faulted user pages in and the result is known. Everything else (event types, parameter
 * encoding, flag translation) happens in user space. Lost records are counted per CPU and
 * announced by a REC_DROP record before the next record that fits. */
#include "vmlinux.h"
#include <bpf/bpf_helpers.h>
#include <bpf/bpf_tracing.h>
#include <bpf/bpf_core_read.h>
#include <bpf/bpf_endian.h>
#include "record.h"

char LICENSE[] SEC("license") = "GPL";

#define SCR_SIZE 131072
#define SCR_MASK 65535      /* every write starts below 64 KiB ... */
#define SLOT_MAX 16384      /* ... and is shorter than 16 KiB, so it stays inside the scratch area */
#define SLOT_MASK (SLOT_MAX - 1)
#define OFF_LIMIT 49152     /* no slot starts past this */
#define PATH_MAX_B 4096
#define ARGS_MAX_B 4096
#define HDR_SIZE sizeof(struct rec_hdr)

#define S_IFMT 00170000
#define S_IFSOCK 0140000
#define AF_UNIX 1
#define AF_INET 2
#define AF_INET6 10
#define PR_SET_NAME 15
#define PR_GET_NAME 16

/* set by user space before load */
const volatile __u32 self_tgid = 0;
const volatile __u32 snaplen = 80;
const volatile __u32 target_mode = 0;   /* 1: only tgids in `traced` (and their descendants) */
const volatile __u64 cgroup_id = 0;     /* 0: no cgroup filter */
const volatile __u32 cgroup_level = 0;
const volatile char comm_filter[16] = {};
const volatile __u32 ring_size = 0;
const volatile __u32 exit_only = 0;    /* current libs layout: no enter events except TOCTOU ones */

struct scratch {
  __u8 buf[SCR_SIZE];
};

struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 1); /* resized to the number of possible CPUs */
  __type(key, __u32);
  __type(value, struct scratch);
} scratch_map SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_RINGBUF);
  __uint(max_entries, 16 << 20);
} rb SEC(".maps");

struct cpu_stats {
  __u64 emitted;
  __u64 dropped;
  __u64 pending;   /* dropped since the last REC_DROP marker */
  __u64 read_fail; /* user memory reads that failed */
};

struct {
  __uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
  __uint(max_entries, 1);
  __type(key, __u32);
  __type(value, struct cpu_stats);
} stats SEC(".maps");

struct {
  __uint(type, BPF_MAP_TYPE_HASH);
  __uint(max_entries, 65536);
  __type(key, __u32);
  __type(value, __u8);
} traced SEC(".maps");

/* ia32 syscall number -> x86_64 number (-1: none), filled by user space */
struct {
  __uint(type, BPF_MAP_TYPE_ARRAY);
  __uint(max_entries, 512);
  __type(key, __u32);
  __type(value, __s32);
} ia32_map SEC(".maps");

static __always_inline int wanted(__u32 tgid) {
  if (tgid == self_tgid) return 0;
  if (target_mode && !bpf_map_lookup_elem(&traced, &tgid)) return 0;
  if (cgroup_id && bpf_get_current_ancestor_cgroup_id(cgroup_level) != cgroup_id) return 0;
  if (comm_filter[0]) {
    char c[16];
    bpf_get_current_comm(c, sizeof(c));
    for (int i = 0; i < 16; i++) {
      if (c[i] != comm_filter[i]) return 0;
      if (!c[i]) break;
    }
  }
  return 1;
}

/* No wakeup per record (the reader polls every 10 ms); every 64th record checks the fill level
 * and forces a wakeup past a quarter, so a burst cannot fill the ring between two polls. */
static __always_inline __u64 wake_flags(__u64 n) {
  if (n & 63) return BPF_RB_NO_WAKEUP;
  __u64 avail = bpf_ringbuf_query(&rb, BPF_RB_AVAIL_DATA);
  return avail > (ring_size / 4) ? BPF_RB_FORCE_WAKEUP : BPF_RB_NO_WAKEUP;
}

static __always_inline void emit(void *data, __u32 len) {
  __u32 zero = 0;
  struct cpu_stats *st = bpf_map_lookup_elem(&stats, &zero);
  if (!st) return;
  if (st->pending) {
    struct {
      struct rec_hdr h;
      struct rec_drop d;
    } m = {};
    m.h.ts = bpf_ktime_get_boot_ns();
    m.h.len = sizeof(m);
    m.h.kind = REC_DROP;
    m.h.cpu = bpf_get_smp_processor_id();
    m.h.nr = -1;
    m.d.count = st->pending;
    if (bpf_ringbuf_output(&rb, &m, sizeof(m), BPF_RB_FORCE_WAKEUP) == 0) st->pending = 0;
  }
  if (bpf_ringbuf_output(&rb, data, len, wake_flags(st->emitted)) == 0) {
    st->emitted++;
  } else {
    st->dropped++;
    st->pending++;
  }
}

static __always_inline void note_read_fail(void) {
  __u32 zero = 0;
  struct cpu_stats *st = bpf_map_lookup_elem(&stats, &zero);
  if (st) st->read_fail++;
}

/* --- slot writers: each returns the number of bytes written at `off` --- */

static __always_inline __u32 put_user_str(struct scratch *s, __u32 off, __u64 ptr, __u32 max) {
  if (!ptr || off > OFF_LIMIT) return 0;
  long n = bpf_probe_read_user_str(&s->buf[off & SCR_MASK], max & SLOT_MASK, (const void *)ptr);
  if (n < 0) { note_read_fail(); return 0; }
  return n & SLOT_MASK;
}

static __always_inline __u32 put_user_bytes(struct scratch *s, __u32 off, __u64 ptr, __u64 len) {
  if (!ptr || off > OFF_LIMIT || len == 0) return 0;
  if (len > SLOT_MASK) len = SLOT_MASK;
  __u32 n = len & SLOT_MASK;
  if (bpf_probe_read_user(&s->buf[off & SCR_MASK], n, (const void *)ptr) < 0) { note_read_fail(); return 0; }
  return n;
}

static __always_inline __u32 put_kernel_bytes(struct scratch *s, __u32 off, const void *ptr, __u32 len) {
  if (!ptr || off > OFF_LIMIT || len == 0) return 0;
  __u32 n = len & SLOT_MASK;
  if (bpf_probe_read_kernel(&s->buf[off & SCR_MASK], n, ptr) < 0) return 0;
  return n;
}

static __always_inline __u32 put_sockaddr(struct scratch *s, __u32 off, __u64 ptr, __u64 len) {
  if (len > 128) len = 128;
  return put_user_bytes(s, off, ptr, len);
}

/* Gathers up to `max` bytes from an iovec array, like the drivers' snaplen'd data param. */
static __always_inline __u32 put_iov(struct scratch *s, __u32 off, __u64 iov_ptr, __u64 iovcnt, __u64 max) {
  __u32 total = 0;
  if (!iov_ptr) return 0;
  if (max > SLOT_MASK) max = SLOT_MASK;
#pragma unroll
  for (int i = 0; i < 8; i++) {
    if (i >= iovcnt || total >= max) break;
    struct iovec v;
    if (bpf_probe_read_user(&v, sizeof(v), (const void *)(iov_ptr + i * sizeof(struct iovec))) < 0) break;
    __u64 n = v.iov_len;
    if (n > max - total) n = max - total;
    __u32 w = put_user_bytes(s, off + total, (__u64)v.iov_base, n);
    total += w;
    if (w < n) break;
  }
  return total;
}

static __always_inline struct file *fd_file(struct task_struct *t, long fd) {
  if (fd < 0) return 0;
  struct files_struct *files = BPF_CORE_READ(t, files);
  if (!files) return 0;
  struct fdtable *fdt = BPF_CORE_READ(files, fdt);
  if (!fdt) return 0;
  unsigned int max = BPF_CORE_READ(fdt, max_fds);
  if (fd >= max) return 0;
  struct file **arr = BPF_CORE_READ(fdt, fd);
  struct file *f = 0;
  bpf_probe_read_kernel(&f, sizeof(f), &arr[fd]);
  return f;
}

static __always_inline __u32 put_file(struct scratch *s, __u32 off, struct task_struct *t, long fd) {
  struct file *f = fd_file(t, fd);
  if (!f || off > OFF_LIMIT) return 0;
  struct rec_file *rf = (struct rec_file *)&s->buf[off & SCR_MASK];
  struct inode *ino = BPF_CORE_READ(f, f_inode);
  rf->ino = BPF_CORE_READ(ino, i_ino);
  rf->dev = BPF_CORE_READ(ino, i_sb, s_dev);
  rf->fmode = BPF_CORE_READ(f, f_mode);
  return sizeof(struct rec_file);
}

/* Socket endpoints of fd, and (in the next slot) the unix path if any. Returns bytes of both. */
static __always_inline __u32 put_sock(struct scratch *s, __u32 off, struct task_struct *t, long fd, __u16 *slot_path) {
  *slot_path = 0;
  struct file *f = fd_file(t, fd);
  if (!f || off > OFF_LIMIT) return 0;
  umode_t mode = BPF_CORE_READ(f, f_inode, i_mode);
  if ((mode & S_IFMT) != S_IFSOCK) return 0;
  struct socket *sock = BPF_CORE_READ(f, private_data);
  struct sock *sk = BPF_CORE_READ(sock, sk);
  if (!sk) return 0;
  struct rec_sock *rs = (struct rec_sock *)&s->buf[off & SCR_MASK];
  __builtin_memset(rs, 0, sizeof(*rs));
  __u16 fam = BPF_CORE_READ(sk, __sk_common.skc_family);
  rs->family = fam;
  rs->l4 = BPF_CORE_READ(sk, sk_protocol);
  rs->type = BPF_CORE_READ(sk, sk_type);
  rs->sk = (__u64)sk;
  if (fam == AF_INET) {
    bpf_core_read(rs->laddr, 4, &sk->__sk_common.skc_rcv_saddr);
    bpf_core_read(rs->raddr, 4, &sk->__sk_common.skc_daddr);
    rs->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
    rs->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
  } else if (fam == AF_INET6) {
    bpf_core_read(rs->laddr, 16, &sk->__sk_common.skc_v6_rcv_saddr);
    bpf_core_read(rs->raddr, 16, &sk->__sk_common.skc_v6_daddr);
    rs->lport = BPF_CORE_READ(sk, __sk_common.skc_num);
    rs->rport = bpf_ntohs(BPF_CORE_READ(sk, __sk_common.skc_dport));
  } else if (fam == AF_UNIX) {
    struct unix_sock *us = (struct unix_sock *)sk;
    struct sock *peer = BPF_CORE_READ(us, peer);
    rs->peer = (__u64)peer;
    struct unix_address *ua = BPF_CORE_READ(us, addr);
    if (!ua && peer) ua = BPF_CORE_READ((struct unix_sock *)peer, addr);
    if (ua) {
      int alen = BPF_CORE_READ(ua, len);
      alen -= 2; /* sun_family */
      if (alen > 0 && alen <= 108) {
        __u32 n = put_kernel_bytes(s, off + sizeof(struct rec_sock), (void *)ua + bpf_core_field_offset(struct unix_address, name) + 2, alen & 127);
        *slot_path = n;
      }
    }
  }
  return sizeof(struct rec_sock);
}

/* A socket's record plus the unix path put_sock appends to it: both are the slot's bytes; the path's
 * length goes in slot 3, where the user side looks for it. */
static __always_inline __u32 put_sock_path(struct scratch *s, __u32 off, struct task_struct *t, long fd, struct rec_hdr *h) {
  __u16 pl = 0;
  __u32 n = put_sock(s, off, t, fd, &pl);
  h->slot[3] = pl;
  return n + pl;
}

static __always_inline __u32 pid_nr_at(struct pid *p, __u32 level) {
  if (!p) return 0;
  struct upid up = {};
  bpf_probe_read_kernel(&up, sizeof(up), (void *)p + bpf_core_field_offset(struct pid, numbers) + (level & 15) * sizeof(struct upid));
  return up.nr;
}

static __always_inline __u32 put_proc(struct scratch *s, __u32 off, struct task_struct *t) {
  if (off > OFF_LIMIT) return 0;
  struct rec_proc *p = (struct rec_proc *)&s->buf[off & SCR_MASK];
  __builtin_memset(p, 0, sizeof(*p));
  p->tid = BPF_CORE_READ(t, pid);
  p->pid = BPF_CORE_READ(t, tgid);
  p->ptid = BPF_CORE_READ(t, real_parent, tgid);
  struct pid *tp = BPF_CORE_READ(t, thread_pid);
  __u32 lvl = BPF_CORE_READ(tp, level);
  p->vtid = pid_nr_at(tp, lvl);
  p->vpid = pid_nr_at(BPF_CORE_READ(t, group_leader, thread_pid), lvl);
  struct upid up = {};
  bpf_probe_read_kernel(&up, sizeof(up), (void *)tp + bpf_core_field_offset(struct pid, numbers) + (lvl & 15) * sizeof(struct upid));
  if (up.ns) p->pidns_init_start = BPF_CORE_READ(up.ns, child_reaper, start_boottime);
  const struct cred *c = BPF_CORE_READ(t, cred);
  p->uid = BPF_CORE_READ(c, uid.val);
  p->gid = BPF_CORE_READ(c, gid.val);
  p->euid = BPF_CORE_READ(c, euid.val);
  p->egid = BPF_CORE_READ(c, egid.val);
  bpf_core_read(&p->cap_inh, 8, &c->cap_inheritable);
  bpf_core_read(&p->cap_perm, 8, &c->cap_permitted);
  bpf_core_read(&p->cap_eff, 8, &c->cap_effective);
  if (bpf_core_field_exists(t->loginuid)) p->loginuid = BPF_CORE_READ(t, loginuid.val);
  else p->loginuid = 0xffffffff;
  struct signal_struct *sig = BPF_CORE_READ(t, signal);
  struct tty_struct *tty = BPF_CORE_READ(sig, tty);
  if (tty) {
    int idx = BPF_CORE_READ(tty, index);
    int major = BPF_CORE_READ(tty, driver, major);
    int minor = BPF_CORE_READ(tty, driver, minor_start);
    p->tty = ((__u32)major << 20) | (__u32)(minor + idx);
  }
  struct pid *pg = BPF_CORE_READ(sig, pids[PIDTYPE_PGID]);
  struct pid *sd = BPF_CORE_READ(sig, pids[PIDTYPE_SID]);
  p->pgid = pid_nr_at(pg, 0);
  p->vpgid = pid_nr_at(pg, lvl);
  p->sid = pid_nr_at(sd, lvl);
  p->fdlimit = BPF_CORE_READ(sig, rlim[7].rlim_cur); /* RLIMIT_NOFILE */
  p->pgft_maj = BPF_CORE_READ(t, maj_flt);
  p->pgft_min = BPF_CORE_READ(t, min_flt);
  p->start_boot = BPF_CORE_READ(t, start_boottime);
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  if (mm) {
    p->vm_size_kb = BPF_CORE_READ(mm, total_vm) << 2;
    if (bpf_core_type_exists(struct percpu_counter)) {
      __s64 file = BPF_CORE_READ(mm, rss_stat[0].count);
      __s64 anon = BPF_CORE_READ(mm, rss_stat[1].count);
      __s64 swap = BPF_CORE_READ(mm, rss_stat[2].count);
      __s64 shm = BPF_CORE_READ(mm, rss_stat[3].count);
      __s64 rss = file + anon + shm;
      p->vm_rss_kb = rss > 0 ? rss << 2 : 0;
      p->vm_swap_kb = swap > 0 ? swap << 2 : 0;
    }
    struct inode *ei = BPF_CORE_READ(mm, exe_file, f_inode);
    if (ei) {
      p->exe_ino = BPF_CORE_READ(ei, i_ino);
      if (bpf_core_field_exists(ei->i_ctime_sec)) {
        p->exe_ctime = BPF_CORE_READ(ei, i_ctime_sec) * 1000000000ULL + BPF_CORE_READ(ei, i_ctime_nsec);
        p->exe_mtime = BPF_CORE_READ(ei, i_mtime_sec) * 1000000000ULL + BPF_CORE_READ(ei, i_mtime_nsec);
      }
    }
  }
  bpf_probe_read_kernel_str(p->comm, sizeof(p->comm), &t->comm);
  return sizeof(struct rec_proc);
}

/* the process's argv (or env) area: NUL-separated strings, as scap `args` wants */
static __always_inline __u32 put_mm_area(struct scratch *s, __u32 off, struct task_struct *t, int env) {
  struct mm_struct *mm = BPF_CORE_READ(t, mm);
  if (!mm) return 0;
  __u64 a = env ? BPF_CORE_READ(mm, env_start) : BPF_CORE_READ(mm, arg_start);
  __u64 b = env ? BPF_CORE_READ(mm, env_end) : BPF_CORE_READ(mm, arg_end);
  if (b <= a) return 0;
  __u64 n = b - a;
  if (n > ARGS_MAX_B) n = ARGS_MAX_B;
  return put_user_bytes(s, off, a, n);
}

/* --- which plan a syscall gets --- */

static __always_inline __u16 exit_plan(long nr) {
  switch (nr) {
  case 2: case 85: return PL_OPEN0;                 /* open, creat */
  case 257: case 437: return PL_OPEN1;              /* openat, openat2 */
  case 0: case 1: case 17: case 18: return PL_BUF;  /* read write pread64 pwrite64 */
  case 19: case 20: case 295: case 296: return PL_IOV; /* readv writev preadv pwritev */
  case 44: case 45: return PL_SOCKBUF;              /* sendto recvfrom */
  case 46: case 47: return PL_MSG;                  /* sendmsg recvmsg */
  case 42: return PL_CONNECT;
  case 49: return PL_BIND;
  case 43: case 288: return PL_ACCEPT;
  case 53: return PL_SOCKETPAIR;
  case 22: case 293: return PL_PIPE;
  case 56: case 57: case 58: case 435: case 59: case 322: return PL_PROC;
  case 87: case 84: case 83: case 90: case 92: case 94: case 80: case 161: case 166: case 4: case 6: case 21:
    return PL_STR0; /* unlink rmdir mkdir chmod chown lchown chdir chroot umount2 stat lstat access */
  case 263: case 258: case 268: case 260: case 262: case 259: case 313:
    return PL_STR1; /* unlinkat mkdirat fchmodat fchownat newfstatat mknodat finit_module */
  case 133: return PL_STR0;                         /* mknod */
  case 319: return PL_FILE_RET;                     /* memfd_create */
  case 82: case 86: case 88: return PL_STR01;       /* rename link symlink */
  case 264: case 316: case 265: return PL_STR13;    /* renameat renameat2 linkat */
  case 266: return PL_STR02;                        /* symlinkat */
  case 165: return PL_STR012;                       /* mount */
  case 175: return PL_MODULE;                       /* init_module */
  case 157: return PL_PRCTL;
  case 126: case 105: case 106: case 113: case 114: case 117: case 119: return PL_CREDS;
  case 7: case 271: return PL_POLL;
  case 79: return PL_STR0;                          /* getcwd */
  case 97: case 160: case 302: return PL_RLIMIT;    /* getrlimit setrlimit prlimit64 */
  case 35: return PL_TIMESPEC0;                     /* nanosleep */
  }
  return PL_NONE;
}

static __always_inline __u16 enter_plan(long nr) {
  switch (nr) {
  case 2: case 85: return PL_STR0;
  case 257: case 437: return PL_STR1;
  case 59: return PL_EXEC_ENTER;
  case 322: return PL_EXECAT_ENTER;
  case 42: return PL_CONNECT_ENTER;
  }
  return PL_NONE;
}

static __always_inline long map_nr(struct task_struct *t, long nr, __u16 *flags) {
  __u32 status = t->thread_info.status; /* a trusted BTF pointer: a direct load, no helper call */
  if (status & 0x0002) { /* TS_COMPAT: an ia32 syscall */
    __u32 k = nr;
    __s32 *m = bpf_map_lookup_elem(&ia32_map, &k);
    *flags |= REC_F_COMPAT;
    return m ? *m : -1;
  }
  return nr & ~0x40000000L; /* __X32_SYSCALL_BIT */
}

static __always_inline void fill_args(struct rec_hdr *h, struct pt_regs *regs) {
  if (h->flags & REC_F_COMPAT) {
    h->args[0] = regs->bx; h->args[1] = regs->cx; h->args[2] = regs->dx;
    h->args[3] = regs->si; h->args[4] = regs->di; h->args[5] = regs->bp;
  } else {
    h->args[0] = regs->di; h->args[1] = regs->si; h->args[2] = regs->dx;
    h->args[3] = regs->r10; h->args[4] = regs->r8; h->args[5] = regs->r9;
  }
}

static __always_inline struct scratch *get_scratch(void) {
  __u32 cpu = bpf_get_smp_processor_id();
  return bpf_map_lookup_elem(&scratch_map, &cpu);
}

SEC("tp_btf/sys_enter")
int BPF_PROG(on_sys_enter, struct pt_regs *regs, long id) {
  if (exit_only && enter_plan(id) == PL_NONE) return 0; /* open*, creat, connect, execve* keep their enter */
  __u64 pt = bpf_get_current_pid_tgid();
  if (!wanted(pt >> 32)) return 0;
  struct scratch *s = get_scratch();
  if (!s) return 0;
  struct task_struct *t = bpf_get_current_task_btf();
  struct rec_hdr *h = (struct rec_hdr *)s->buf;
  __builtin_memset(h, 0, sizeof(*h));
  h->flags = 0;
  h->nr = map_nr(t, id, &h->flags);
  h->ts = bpf_ktime_get_boot_ns();
  h->tid = (__u32)pt;
  h->tgid = pt >> 32;
  h->kind = REC_SYS_ENTER;
  h->cpu = bpf_get_smp_processor_id();
  fill_args(h, regs);
  __u16 plan = enter_plan(h->nr);
  h->plan = plan;
  __u32 off = HDR_SIZE;
  __u32 n = 0;
  switch (plan) {
  case PL_STR0: case PL_EXEC_ENTER: n = put_user_str(s, off, h->args[0], PATH_MAX_B); break;
  case PL_STR1: case PL_EXECAT_ENTER: n = put_user_str(s, off, h->args[1], PATH_MAX_B); break;
  case PL_CONNECT_ENTER: n = put_sockaddr(s, off, h->args[1], h->args[2]); break;
  }
  h->slot[0] = n;
  off += n;
  h->len = off;
  emit(s->buf, off & (SCR_SIZE - 1));
  return 0;
}

SEC("tp_btf/sys_exit")
int BPF_PROG(on_sys_exit, struct pt_regs *regs, long ret) {
  __u64 pt = bpf_get_current_pid_tgid();
  if (!wanted(pt >> 32)) return 0;
  struct scratch *s = get_scratch();
  if (!s) return 0;
  struct task_struct *t = bpf_get_current_task_btf();
  struct rec_hdr *h = (struct rec_hdr *)s->buf;
  __builtin_memset(h, 0, sizeof(*h));
  h->nr = map_nr(t, regs->orig_ax, &h->flags);
  h->ts = bpf_ktime_get_boot_ns();
  h->tid = (__u32)pt;
  h->tgid = pt >> 32;
  h->kind = REC_SYS_EXIT;
  h->cpu = bpf_get_smp_processor_id();
  h->ret = ret;
  fill_args(h, regs);
  __u16 plan = exit_plan(h->nr);
  h->plan = plan;
  __u32 off = HDR_SIZE;
  __u32 n0 = 0, n1 = 0, n2 = 0, n3 = 0;
  __u64 snap = snaplen;
  __u64 res = ret > 0 ? (__u64)ret : 0;
  if (res < snap) snap = res;
  switch (plan) {
  case PL_STR0:
    if (h->nr == 79 && ret <= 0) break; /* getcwd failed: buffer undefined */
    n0 = put_user_str(s, off, h->args[0], PATH_MAX_B);
    break;
  case PL_STR1: n0 = put_user_str(s, off, h->args[1], PATH_MAX_B); break;
  case PL_FILE_RET:
    n0 = put_user_str(s, off, h->args[0], 256);
    if (ret >= 0) n1 = put_file(s, off + n0, t, ret);
    break;
  case PL_STR01:
    n0 = put_user_str(s, off, h->args[0], PATH_MAX_B);
    n1 = put_user_str(s, off + n0, h->args[1], PATH_MAX_B);
    break;
  case PL_STR012:
    n0 = put_user_str(s, off, h->args[0], PATH_MAX_B);
    n1 = put_user_str(s, off + n0, h->args[1], PATH_MAX_B);
    n2 = put_user_str(s, off + n0 + n1, h->args[2], 256);
    break;
  case PL_STR13:
    n0 = put_user_str(s, off, h->args[1], PATH_MAX_B);
    n1 = put_user_str(s, off + n0, h->args[3], PATH_MAX_B);
    break;
  case PL_STR02:
    n0 = put_user_str(s, off, h->args[0], PATH_MAX_B);
    n1 = put_user_str(s, off + n0, h->args[2], PATH_MAX_B);
    break;
  case PL_OPEN0:
    n0 = put_user_str(s, off, h->args[0], PATH_MAX_B);
    if (ret >= 0) n1 = put_file(s, off + n0, t, ret);
    break;
  case PL_OPEN1:
    n0 = put_user_str(s, off, h->args[1], PATH_MAX_B);
    if (ret >= 0) n1 = put_file(s, off + n0, t, ret);
    if (h->nr == 437) n2 = put_user_bytes(s, off + n0 + n1, h->args[2], 24); /* struct open_how */
    break;
  case PL_BUF:
    n0 = put_user_bytes(s, off, h->args[1], snap);
    break;
  case PL_IOV:
    n0 = put_iov(s, off, h->args[1], h->args[2], snap);
    break;
  case PL_SOCKBUF: {
    n0 = put_user_bytes(s, off, h->args[1], snap);
    n1 = put_sock_path(s, off + n0, t, h->args[0], h);
    if (h->nr == 44) {
      n2 = put_sockaddr(s, off + n0 + n1, h->args[4], h->args[5]);
    } else if (h->args[5]) {
      __u32 alen = 0;
      bpf_probe_read_user(&alen, sizeof(alen), (const void *)h->args[5]);
      n2 = put_sockaddr(s, off + n0 + n1, h->args[4], alen);
    }
    break;
  }
  case PL_MSG: {
    struct user_msghdr m = {};
    if (h->args[1] && bpf_probe_read_user(&m, sizeof(m), (const void *)h->args[1]) == 0) {
      n0 = put_iov(s, off, (__u64)m.msg_iov, m.msg_iovlen, snap);
    }
    n1 = put_sock_path(s, off + n0, t, h->args[0], h);
    if (m.msg_name) n2 = put_sockaddr(s, off + n0 + n1, (__u64)m.msg_name, m.msg_namelen);
    break;
  }
  case PL_CONNECT:
    n0 = put_sockaddr(s, off, h->args[1], h->args[2]);
    n1 = put_sock_path(s, off + n0, t, h->args[0], h);
    break;
  case PL_BIND:
    n0 = put_sockaddr(s, off, h->args[1], h->args[2]);
    break;
  case PL_ACCEPT:
    if (ret >= 0) n1 = put_sock_path(s, off, t, ret, h);
    break;
  case PL_SOCKETPAIR: {
    int fds[2] = {-1, -1};
    if (ret == 0 && bpf_probe_read_user(fds, sizeof(fds), (const void *)h->args[3]) == 0) {
      n0 = put_kernel_bytes(s, off, fds, sizeof(fds));
      n1 = put_sock_path(s, off + n0, t, fds[0], h);
    }
    break;
  }
  case PL_PIPE: {
    int fds[2] = {-1, -1};
    if (ret == 0 && bpf_probe_read_user(fds, sizeof(fds), (const void *)h->args[0]) == 0) {
      n0 = put_kernel_bytes(s, off, fds, sizeof(fds));
      n1 = put_file(s, off + n0, t, fds[0]);
    }
    break;
  }
  case PL_PROC: {
    int is_exec = h->nr == 59 || h->nr == 322;
    n0 = put_mm_area(s, off, t, 0);
    n1 = put_proc(s, off + n0, t);
    if (is_exec && ret == 0) n2 = put_mm_area(s, off + n0 + n1, t, 1);
    if (h->nr == 435) n3 = put_user_bytes(s, off + n0 + n1 + n2, h->args[0], 8); /* clone_args.flags */
    break;
  }
  case PL_MODULE: {
    __u64 len = h->args[1];
    if (len > snaplen) len = snaplen;
    n0 = put_user_bytes(s, off, h->args[0], len);
    n1 = put_user_str(s, off + n0, h->args[2], 1024);
    break;
  }
  case PL_PRCTL:
    if (h->args[0] == PR_SET_NAME || h->args[0] == PR_GET_NAME) n0 = put_user_str(s, off, h->args[1], 16);
    break;
  case PL_CREDS:
    n1 = put_proc(s, off, t);
    break;
  case PL_POLL: {
    __u64 cnt = h->args[1];
    if (cnt > 16) cnt = 16;
    n0 = put_user_bytes(s, off, h->args[0], cnt * 8);
    break;
  }
  case PL_RLIMIT:
    if (h->nr == 302) {
      n1 = put_user_bytes(s, off, h->args[2], 16);
      n2 = put_user_bytes(s, off + n1, h->args[3], 16);
    } else {
      n0 = put_user_bytes(s, off, h->args[1], 16);
    }
    break;
  case PL_TIMESPEC0:
    n0 = put_user_bytes(s, off, h->args[0], 16);
    break;
  }
  h->slot[0] = n0;
  h->slot[1] = n1;
  h->slot[2] = n2;
  if (plan != PL_SOCKBUF && plan != PL_MSG && plan != PL_CONNECT && plan != PL_ACCEPT && plan != PL_SOCKETPAIR)
    h->slot[3] = n3;
  off += n0 + n1 + n2 + n3;
  h->len = off;
  emit(s->buf, off & (SCR_SIZE - 1));
  return 0;
}

SEC("tp_btf/sched_process_exit")
int BPF_PROG(on_proc_exit, struct task_struct *p) {
  __u32 tgid = BPF_CORE_READ(p, tgid);
  if (!wanted(tgid)) return 0;
  struct {
    struct rec_hdr h;
    __s64 exit_code;
    __u64 reaper;
  } r = {};
  r.h.ts = bpf_ktime_get_boot_ns();
  r.h.tid = BPF_CORE_READ(p, pid);
  r.h.tgid = tgid;
  r.h.len = sizeof(r);
  r.h.kind = REC_PROC_EXIT;
  r.h.cpu = bpf_get_smp_processor_id();
  r.h.nr = -1;
  r.exit_code = BPF_CORE_READ(p, exit_code);
  r.reaper = BPF_CORE_READ(p, real_parent, pid);
  emit(&r, sizeof(r));
  return 0;
}

SEC("tp_btf/sched_process_fork")
int BPF_PROG(on_proc_fork, struct task_struct *parent, struct task_struct *child) {
  if (!target_mode) return 0;
  __u32 ptgid = BPF_CORE_READ(parent, tgid);
  if (!bpf_map_lookup_elem(&traced, &ptgid)) return 0;
  __u32 ctgid = BPF_CORE_READ(child, tgid);
  __u8 one = 1;
  bpf_map_update_elem(&traced, &ctgid, &one, BPF_ANY);
  return 0;
}
