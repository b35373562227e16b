/* The one header shared by the kernel side (scapula.bpf.c) and the user side: the raw record
 * layout that crosses the BPF ring buffer. The kernel side copies registers and the few user or
 * kernel bytes a syscall needs (paths, I/O snippets, socket endpoints, process facts) and nothing
 * more; all scap encoding (event types, parameter layouts, flag translation) happens in user space,
 * where it is cheap to change and easy to test. Why a "plan": the kernel side decides per syscall
 * which payload slots it fills, and writes that decision into the record, so the user side never
 * has to guess what a slot holds. */
#ifndef SCAPULA_RECORD_H
#define SCAPULA_RECORD_H

#ifndef __VMLINUX_H__
#include <linux/types.h>
#endif

/* record kinds */
#define REC_SYS_ENTER 1
#define REC_SYS_EXIT 2
#define REC_PROC_EXIT 3 /* sched_process_exit */
#define REC_DROP 4      /* "n records were lost on this CPU before this one" */

/* payload plans: what the slots of a record hold */
enum rec_plan {
  PL_NONE = 0,
  PL_STR0,        /* s0 = str(arg0) */
  PL_STR1,        /* s0 = str(arg1) */
  PL_STR01,       /* s0 = str(arg0), s1 = str(arg1) */
  PL_STR012,      /* s0..s2 = str(arg0..2) (mount) */
  PL_STR13,       /* s0 = str(arg1), s1 = str(arg3) (renameat*, linkat) */
  PL_STR02,       /* s0 = str(arg0), s1 = str(arg2) (symlinkat) */
  PL_OPEN0,       /* s0 = str(arg0), s1 = rec_file(ret) (open, creat) */
  PL_OPEN1,       /* s0 = str(arg1), s1 = rec_file(ret) (openat), s2 = open_how (openat2) */
  PL_BUF,         /* s0 = bytes(arg1, min(res, snaplen)) */
  PL_IOV,         /* s0 = gathered iovec(arg1, arg2) bytes */
  PL_SOCKBUF,     /* s0 = bytes(arg1), s1 = rec_sock(arg0), s2 = sockaddr(arg4, len at arg5 or arg5) */
  PL_MSG,         /* s0 = gathered msghdr(arg1) bytes, s1 = rec_sock(arg0), s2 = msg_name */
  PL_CONNECT,     /* s0 = sockaddr(arg1, arg2), s1 = rec_sock(arg0), s2 = unix peer path */
  PL_BIND,        /* s0 = sockaddr(arg1, arg2) */
  PL_ACCEPT,      /* s1 = rec_sock(ret), s2 = unix path */
  PL_SOCKETPAIR,  /* s0 = int[2] at arg3, s1 = rec_sock(fd0) */
  PL_PIPE,        /* s0 = int[2] at arg0, s1 = rec_file(fd0) */
  PL_PROC,        /* s0 = argv, s1 = rec_proc, s2 = env (exec only), s3 = clone_args (clone3) */
  PL_EXEC_ENTER,  /* s0 = str(arg0) (execve) */
  PL_EXECAT_ENTER,/* s0 = str(arg1) (execveat) */
  PL_CONNECT_ENTER, /* s0 = sockaddr(arg1, arg2) */
  PL_MODULE,      /* s0 = bytes(arg0, min(arg1, snaplen)), s1 = str(arg2) (init_module) */
  PL_PRCTL,       /* s0 = str(arg1) for PR_SET_NAME / PR_GET_NAME */
  PL_CREDS,       /* s1 = rec_proc of current (capset, setuid family) */
  PL_POLL,        /* s0 = struct pollfd[min(arg1,16)] at arg0 */
  PL_FILE_RET,    /* s1 = rec_file(ret) (memfd: s0 = str(arg0)) */
  PL_RLIMIT,      /* s0 = rlimit at arg1 (getrlimit/setrlimit), s1 = new (arg2) s2 = old (arg3) for prlimit */
  PL_TIMESPEC0,   /* s0 = struct timespec at arg0 (nanosleep) */
};

#define REC_SLOTS 4

struct rec_hdr {
  __u64 ts;          /* CLOCK_BOOTTIME ns */
  __u32 tid;
  __u32 tgid;
  __u32 len;         /* whole record, payloads included */
  __u16 kind;
  __u16 cpu;
  __s32 nr;          /* x86_64 syscall number (ia32 mapped), -1 if none */
  __u16 plan;
  __u16 flags;       /* REC_F_* */
  __s64 ret;
  __u64 args[6];
  __u16 slot[REC_SLOTS];
};

#define REC_F_COMPAT 1 /* came from an ia32 syscall */

struct rec_file {
  __u64 ino;
  __u32 dev;    /* new-style dev_t as the kernel keeps it (MKDEV(major, minor) = major<<20|minor) */
  __u32 fmode;  /* file->f_mode */
};

struct rec_sock {
  __u8 family;  /* AF_* */
  __u8 l4;      /* IPPROTO_* */
  __u16 type;   /* SOCK_* */
  __u16 lport;  /* host order */
  __u16 rport;
  __u8 laddr[16];
  __u8 raddr[16];
  __u64 sk;     /* kernel address: opaque id, as scap unix tuples carry */
  __u64 peer;
};

struct rec_proc {
  __u32 tid, pid, ptid, vtid, vpid;
  __u32 uid, gid, euid, egid, loginuid;
  __u32 tty;
  __s32 pgid, vpgid, sid;
  __u32 vm_size_kb, vm_rss_kb, vm_swap_kb;
  __u32 exe_flags;   /* bit 0 writable is not known here; left 0 */
  __u64 pgft_maj, pgft_min;
  __u64 cap_inh, cap_perm, cap_eff;
  __u64 exe_ino, exe_ctime, exe_mtime;
  __u64 pidns_init_start;  /* boot ns of the pid namespace's init */
  __u64 fdlimit;
  __u64 start_boot;        /* task start, boot ns */
  char comm[16];
};

struct rec_drop {
  __u64 count;
};

#endif
