/* /proc and system scan into scap metadata blocks (see procscan.h). Processes may exit while we
 * read them: every failed read just drops that thread or fd (counted as "vanished"). All reads
 * are bounded (line counts, string caps) since /proc content is not ours. */
#define _GNU_SOURCE
#include "procscan.h"

#include <time.h>

#include <arpa/inet.h>
#include <dirent.h>
#include <ifaddrs.h>
#include <grp.h>
#include <net/if.h>
#include <netinet/in.h>
#include <pwd.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/sysinfo.h>
#include <sys/sysmacros.h>
#include <unistd.h>

#include "encode.h"
#include "schema.h"

static size_t read_file(const char *path, char *out, size_t cap) {
  FILE *f = fopen(path, "re");
  if (!f) return 0;
  size_t n = fread(out, 1, cap - 1, f);
  fclose(f);
  out[n] = 0;
  return n;
}

static void machine_info(struct buf *b, uint64_t boot_wall) {
  size_t s = blk_begin(b, SCAP_MI_BLOCK_TYPE);
  struct sysinfo si;
  sysinfo(&si);
  char pidmax[32] = "";
  read_file("/proc/sys/kernel/pid_max", pidmax, sizeof(pidmax));
  char host[128] = {0};
  gethostname(host, sizeof(host) - 1);
  buf_u32(b, (uint32_t)sysconf(_SC_NPROCESSORS_ONLN));
  buf_u64(b, (uint64_t)si.totalram * si.mem_unit);
  buf_u64(b, strtoull(pidmax, NULL, 10));
  buf_put(b, host, 128);
  buf_u64(b, boot_wall);
  buf_u64(b, 0);
  buf_u64(b, 0);
  buf_u64(b, 0);
  blk_end(b, s);
}

static void iface_list(struct buf *b) {
  struct ifaddrs *ifa = NULL;
  if (getifaddrs(&ifa) != 0) return;
  size_t s = blk_begin(b, SCAP_IL_BLOCK_TYPE_V2);
  int count = 0;
  for (struct ifaddrs *i = ifa; i && count < 256; i = i->ifa_next) {
    if (!i->ifa_addr) continue;
    size_t nl = strnlen(i->ifa_name, IFNAMSIZ);
    if (i->ifa_addr->sa_family == AF_INET) {
      buf_u32(b, (uint32_t)(2 + 2 + 12 + 8 + nl)); /* IL_V2 entry_len excludes itself */
      buf_u16(b, 1);
      buf_u16(b, (uint16_t)nl);
      uint32_t z = 0;
      buf_put(b, &((struct sockaddr_in *)i->ifa_addr)->sin_addr, 4);
      if (i->ifa_netmask) buf_put(b, &((struct sockaddr_in *)i->ifa_netmask)->sin_addr, 4); else buf_u32(b, z);
      if ((i->ifa_flags & IFF_BROADCAST) && i->ifa_broadaddr) buf_put(b, &((struct sockaddr_in *)i->ifa_broadaddr)->sin_addr, 4);
      else buf_u32(b, z);
      buf_u64(b, 0);
      buf_put(b, i->ifa_name, nl);
      count++;
    } else if (i->ifa_addr->sa_family == AF_INET6) {
      uint8_t z[16] = {0};
      buf_u32(b, (uint32_t)(2 + 2 + 48 + 8 + nl));
      buf_u16(b, 2);
      buf_u16(b, (uint16_t)nl);
      buf_put(b, &((struct sockaddr_in6 *)i->ifa_addr)->sin6_addr, 16);
      if (i->ifa_netmask) buf_put(b, &((struct sockaddr_in6 *)i->ifa_netmask)->sin6_addr, 16); else buf_put(b, z, 16);
      buf_put(b, z, 16);
      buf_u64(b, 0);
      buf_put(b, i->ifa_name, nl);
      count++;
    }
  }
  freeifaddrs(ifa);
  blk_end(b, s);
}

/* Entries of the user/group, process and fd lists open with their own u32 length: reserve it, then
 * patch it in once the entry is written. */
static size_t entry_begin(struct buf *b) {
  size_t start = b->len;
  buf_u32(b, 0);
  return start;
}

static void entry_end(struct buf *b, size_t start) {
  uint32_t el = (uint32_t)(b->len - start);
  memcpy(b->p + start, &el, 4);
}

static void put_short(struct buf *b, const char *s) {
  size_t n = s ? strnlen(s, 255) : 0;
  buf_u16(b, (uint16_t)n);
  buf_put(b, s, n);
}

static void user_list(struct buf *b) {
  size_t s = blk_begin(b, SCAP_UL_BLOCK_TYPE_V2);
  setpwent();
  struct passwd *pw;
  for (int i = 0; i < 100000 && (pw = getpwent()); i++) {
    size_t start = entry_begin(b);
    buf_u8(b, 0);
    buf_u32(b, pw->pw_uid);
    buf_u32(b, pw->pw_gid);
    put_short(b, pw->pw_name);
    put_short(b, pw->pw_dir);
    put_short(b, pw->pw_shell);
    entry_end(b, start);
  }
  endpwent();
  setgrent();
  struct group *gr;
  for (int i = 0; i < 100000 && (gr = getgrent()); i++) {
    size_t start = entry_begin(b);
    buf_u8(b, 1);
    buf_u32(b, gr->gr_gid);
    put_short(b, gr->gr_name);
    entry_end(b, start);
  }
  endgrent();
  blk_end(b, s);
}

/* ---- sockets known to the host network namespace, by inode ---- */

struct sockent {
  uint64_t ino;
  uint8_t type;        /* scap fd type */
  uint8_t l4;
  uint8_t sip[16], dip[16];
  uint16_t sport, dport;
  uint64_t uaddr;
  char path[108];
};

static struct sockent *socks;
static size_t nsocks, capsocks;

static struct sockent *sock_add(void) {
  if (nsocks == capsocks) {
    capsocks = capsocks ? capsocks * 2 : 256;
    if (capsocks > (1u << 20)) return NULL;
    socks = realloc(socks, capsocks * sizeof(*socks));
    if (!socks) { nsocks = capsocks = 0; return NULL; }
  }
  struct sockent *s = &socks[nsocks++];
  memset(s, 0, sizeof(*s));
  return s;
}

static void hex_addr(const char *h, uint8_t *out, int len) {
  /* /proc/net prints each 32-bit word of the address as a host-order hex number */
  for (int w = 0; w < len / 4; w++) {
    char tmp[9];
    memcpy(tmp, h + w * 8, 8);
    tmp[8] = 0;
    uint32_t v = (uint32_t)strtoul(tmp, NULL, 16);
    memcpy(out + w * 4, &v, 4);
  }
}

static void load_inet(const char *path, int v6, uint8_t l4) {
  FILE *f = fopen(path, "re");
  if (!f) return;
  char line[512];
  int alen = v6 ? 16 : 4;
  for (int n = 0; n < 200000 && fgets(line, sizeof(line), f); n++) {
    char la[40], ra[40];
    unsigned lp, rp, st;
    unsigned long ino;
    if (sscanf(line, " %*d: %39[0-9A-Fa-f]:%x %39[0-9A-Fa-f]:%x %x %*s %*s %*s %*s %*s %lu", la, &lp, ra, &rp, &st, &ino) != 6)
      continue;
    if ((int)strlen(la) != alen * 2 || (int)strlen(ra) != alen * 2 || ino == 0) continue;
    struct sockent *s = sock_add();
    if (!s) break;
    s->ino = ino;
    s->l4 = l4;
    hex_addr(la, s->sip, alen);
    hex_addr(ra, s->dip, alen);
    s->sport = (uint16_t)lp;
    s->dport = (uint16_t)rp;
    int listening = (l4 == 2 && st == 0x0A) || (l4 == 3 && rp == 0);
    s->type = v6 ? (listening ? 6 : 4) : (listening ? 5 : 3);
  }
  fclose(f);
}

static void load_unix(void) {
  FILE *f = fopen("/proc/net/unix", "re");
  if (!f) return;
  char line[512];
  for (int n = 0; n < 200000 && fgets(line, sizeof(line), f); n++) {
    unsigned long long addr;
    unsigned long ino;
    char path[256] = "";
    int k = sscanf(line, "%llx: %*s %*s %*s %*s %*s %lu %255s", &addr, &ino, path);
    if (k < 2) continue;
    struct sockent *s = sock_add();
    if (!s) break;
    s->ino = ino;
    s->type = 8;
    s->uaddr = addr;
    snprintf(s->path, sizeof(s->path), "%s", path[0] == '@' ? path + 1 : path);
  }
  fclose(f);
}

static const struct sockent *sock_find(uint64_t ino) {
  for (size_t i = 0; i < nsocks; i++)
    if (socks[i].ino == ino) return &socks[i];
  return NULL;
}

/* ---- processes ---- */

struct procinfo {
  int tid, pid, ppid, pgid, sid, tty;
  uint32_t uid, gid, euid, egid, loginuid;
  uint64_t maj, min, vmsize, vmrss, vmswap, fdlimit, cap_inh, cap_perm, cap_eff, start_ticks;
  char comm[64];
  int vtid, vpid;
};

static int read_status(const char *dir, struct procinfo *p) {
  char path[300], buf[8192];
  snprintf(path, sizeof(path), "%s/status", dir);
  if (!read_file(path, buf, sizeof(buf))) return -1;
  p->vtid = p->tid;
  p->vpid = p->pid;
  for (char *save = NULL, *l = strtok_r(buf, "\n", &save); l; l = strtok_r(NULL, "\n", &save)) {
    if (!strncmp(l, "Name:", 5)) snprintf(p->comm, sizeof(p->comm), "%s", l + 5 + strspn(l + 5, " \t"));
    else if (!strncmp(l, "PPid:", 5)) p->ppid = atoi(l + 5);
    else if (!strncmp(l, "Uid:", 4)) sscanf(l + 4, "%u %u", &p->uid, &p->euid);
    else if (!strncmp(l, "Gid:", 4)) sscanf(l + 4, "%u %u", &p->gid, &p->egid);
    else if (!strncmp(l, "VmSize:", 7)) p->vmsize = strtoull(l + 7, NULL, 10);
    else if (!strncmp(l, "VmRSS:", 6)) p->vmrss = strtoull(l + 6, NULL, 10);
    else if (!strncmp(l, "VmSwap:", 7)) p->vmswap = strtoull(l + 7, NULL, 10);
    else if (!strncmp(l, "CapInh:", 7)) p->cap_inh = strtoull(l + 7, NULL, 16);
    else if (!strncmp(l, "CapPrm:", 7)) p->cap_perm = strtoull(l + 7, NULL, 16);
    else if (!strncmp(l, "CapEff:", 7)) p->cap_eff = strtoull(l + 7, NULL, 16);
    else if (!strncmp(l, "NSpid:", 6)) {
      /* the last number is the id in the innermost namespace */
      char *q = l + 6, *last = NULL;
      for (char *t = strtok_r(q, " \t", &q); t; t = strtok_r(NULL, " \t", &q)) last = t;
      if (last) p->vtid = atoi(last);
    } else if (!strncmp(l, "NStgid:", 7)) {
      char *q = l + 7, *last = NULL;
      for (char *t = strtok_r(q, " \t", &q); t; t = strtok_r(NULL, " \t", &q)) last = t;
      if (last) p->vpid = atoi(last);
    }
  }
  snprintf(path, sizeof(path), "%s/stat", dir);
  if (!read_file(path, buf, sizeof(buf))) return -1;
  char *rp = strrchr(buf, ')'); /* comm may hold spaces and parens */
  if (!rp) return -1;
  unsigned long long minflt = 0, majflt = 0, start = 0;
  int pgrp = 0, session = 0, tty = 0;
  /* state ppid pgrp session tty_nr tpgid flags minflt cminflt majflt cmajflt utime stime cutime cstime prio nice threads itreal starttime */
  sscanf(rp + 2, "%*c %*d %d %d %d %*d %*u %llu %*u %llu %*u %*u %*u %*d %*d %*d %*d %*d %*d %llu", &pgrp, &session, &tty,
         &minflt, &majflt, &start);
  p->pgid = pgrp;
  p->sid = session;
  p->tty = tty;
  p->min = minflt;
  p->maj = majflt;
  p->start_ticks = start;
  snprintf(path, sizeof(path), "%s/loginuid", dir);
  char lu[32] = "";
  p->loginuid = read_file(path, lu, sizeof(lu)) ? (uint32_t)strtoul(lu, NULL, 10) : 0xffffffffu;
  snprintf(path, sizeof(path), "%s/limits", dir);
  if (read_file(path, buf, sizeof(buf))) {
    char *m = strstr(buf, "Max open files");
    if (m) p->fdlimit = strtoull(m + 14 + strspn(m + 14, " "), NULL, 10);
  }
  return 0;
}

static void put_list16(struct buf *b, const char *d, size_t n, size_t cap) {
  if (n > cap) n = cap;
  buf_u16(b, (uint16_t)n);
  buf_put(b, d, n);
}

static void thread_entry(struct buf *b, const char *pdir, const char *tdir, struct procinfo *p, uint64_t boot_wall) {
  char path[300], exe[1024] = "", exepath[1024] = "", cwd[1024] = "", root[1024] = "";
  static char cmd[4096], env[4096], cg[4096];
  snprintf(path, sizeof(path), "%s/cmdline", pdir);
  size_t cn = read_file(path, cmd, sizeof(cmd));
  snprintf(path, sizeof(path), "%s/environ", pdir);
  size_t en = read_file(path, env, sizeof(env));
  size_t cgn = proc_cgroups(p->tid, cg, sizeof(cg));
  snprintf(path, sizeof(path), "%s/exe", pdir);
  ssize_t l = readlink(path, exepath, sizeof(exepath) - 1);
  exepath[l > 0 ? l : 0] = 0;
  snprintf(path, sizeof(path), "%s/cwd", tdir);
  l = readlink(path, cwd, sizeof(cwd) - 1);
  cwd[l > 0 ? l : 0] = 0;
  snprintf(path, sizeof(path), "%s/root", tdir);
  l = readlink(path, root, sizeof(root) - 1);
  root[l > 0 ? l : 0] = 0;
  size_t a0 = strnlen(cmd, cn);
  if (cn) snprintf(exe, sizeof(exe), "%.*s", (int)a0, cmd);
  else snprintf(exe, sizeof(exe), "%s", p->comm); /* kernel threads */
  struct stat st;
  uint64_t exe_ino = 0, ctime_ns = 0, mtime_ns = 0;
  if (exepath[0] && stat(exepath, &st) == 0) {
    exe_ino = st.st_ino;
    ctime_ns = (uint64_t)st.st_ctim.tv_sec * 1000000000ull + st.st_ctim.tv_nsec;
    mtime_ns = (uint64_t)st.st_mtim.tv_sec * 1000000000ull + st.st_mtim.tv_nsec;
  }
  size_t start = entry_begin(b);
  buf_u64(b, (uint64_t)p->tid);
  buf_u64(b, (uint64_t)p->pid);
  buf_u64(b, (uint64_t)p->ppid);
  buf_u64(b, (uint64_t)p->sid);
  buf_u64(b, (uint64_t)p->pgid);     /* vpgid */
  buf_str16(b, p->comm, strlen(p->comm));
  buf_str16(b, exe, strlen(exe));
  buf_str16(b, exepath, strlen(exepath));
  put_list16(b, a0 < cn ? cmd + a0 + 1 : "", a0 < cn ? cn - a0 - 1 : 0, 4095);
  buf_str16(b, cwd, strlen(cwd));
  buf_u64(b, p->fdlimit);
  uint32_t flags = p->tid != p->pid ? (PPM_CLONE_FLAGS_CLONE_THREAD | PPM_CLONE_FLAGS_CLONE_FILES | PPM_CLONE_FLAGS_CLONE_VM |
                                        PPM_CLONE_FLAGS_CLONE_SIGHAND | PPM_CLONE_FLAGS_CLONE_FS)
                                     : 0;
  buf_u32(b, flags);
  buf_u32(b, p->euid);
  buf_u32(b, p->egid);
  buf_u32(b, (uint32_t)p->vmsize);
  buf_u32(b, (uint32_t)p->vmrss);
  buf_u32(b, (uint32_t)p->vmswap);
  buf_u64(b, p->maj);
  buf_u64(b, p->min);
  put_list16(b, env, en, 4095);
  buf_u64(b, (uint64_t)(int64_t)p->vtid);
  buf_u64(b, (uint64_t)(int64_t)p->vpid);
  put_list16(b, cg, cgn, 4095);
  buf_str16(b, root, strlen(root));
  /* V9 tail, libs >= 0.10 layout */
  long hz = sysconf(_SC_CLK_TCK);
  (void)boot_wall;
  buf_u64(b, 0);                                   /* pidns_init_start_ts: unknown from /proc */
  buf_u32(b, (uint32_t)p->tty);
  buf_u32(b, p->loginuid);
  buf_u8(b, 0);                                    /* exe_writable */
  buf_u64(b, p->cap_inh);
  buf_u64(b, p->cap_perm);
  buf_u64(b, p->cap_eff);
  buf_u8(b, 0);                                    /* exe_upper_layer */
  buf_u64(b, exe_ino);
  buf_u64(b, ctime_ns);
  buf_u64(b, mtime_ns);
  buf_u8(b, 0);                                    /* exe_from_memfd */
  buf_u8(b, 0);                                    /* exe_lower_layer */
  buf_u64(b, (uint64_t)(int64_t)p->pgid);
  (void)hz;
  entry_end(b, start);
}

static uint32_t fdinfo_flags(const char *pdir, const char *fd) {
  char path[300], buf[1024];
  snprintf(path, sizeof(path), "%s/fdinfo/%s", pdir, fd);
  if (!read_file(path, buf, sizeof(buf))) return 0;
  char *f = strstr(buf, "flags:");
  return f ? (uint32_t)strtoul(f + 6, NULL, 8) : 0;
}

static int fd_entry(struct buf *b, const char *pdir, const char *fdname) {
  char path[300], link[1024];
  snprintf(path, sizeof(path), "%s/fd/%s", pdir, fdname);
  ssize_t l = readlink(path, link, sizeof(link) - 1);
  if (l <= 0) return 0;
  link[l] = 0;
  struct stat st;
  if (stat(path, &st) != 0) memset(&st, 0, sizeof(st));
  int64_t fd = atoll(fdname);
  size_t start = entry_begin(b);
  buf_u64(b, (uint64_t)fd);
  buf_u64(b, st.st_ino);
  unsigned long ino = 0;
  if (sscanf(link, "socket:[%lu]", &ino) == 1) {
    const struct sockent *s = sock_find(ino);
    if (!s) {
      buf_u8(b, 10); /* UNSUPPORTED */
      buf_str16(b, link, (size_t)l);
    } else if (s->type == 3) {
      buf_u8(b, 3); buf_put(b, s->sip, 4); buf_put(b, s->dip, 4); buf_u16(b, s->sport); buf_u16(b, s->dport); buf_u8(b, s->l4);
    } else if (s->type == 4) {
      buf_u8(b, 4); buf_put(b, s->sip, 16); buf_put(b, s->dip, 16); buf_u16(b, s->sport); buf_u16(b, s->dport); buf_u8(b, s->l4);
    } else if (s->type == 5) {
      buf_u8(b, 5); buf_put(b, s->sip, 4); buf_u16(b, s->sport); buf_u8(b, s->l4);
    } else if (s->type == 6) {
      buf_u8(b, 6); buf_put(b, s->sip, 16); buf_u16(b, s->sport); buf_u8(b, s->l4);
    } else {
      buf_u8(b, 8); buf_u64(b, s->uaddr); buf_u64(b, 0); buf_str16(b, s->path, strlen(s->path));
    }
  } else if (!strncmp(link, "pipe:", 5)) {
    buf_u8(b, 7);
    buf_str16(b, link, (size_t)l);
  } else if (!strncmp(link, "anon_inode:", 11)) {
    const char *k = link + 11;
    uint8_t t = 10;
    if (strstr(k, "eventfd")) t = 9;
    else if (strstr(k, "signalfd")) t = 11;
    else if (strstr(k, "eventpoll")) t = 12;
    else if (strstr(k, "inotify")) t = 13;
    else if (strstr(k, "timerfd")) t = 14;
    /* bpf, userfaultfd, io_uring and pidfd have types 17-21, which libscap before 2023 rejects
     * ("wrong fd type"): they stay UNSUPPORTED with their name, as old libscap wrote them */
    buf_u8(b, t);
    buf_str16(b, k, strlen(k));
  } else if (link[0] == '/') {
    if (S_ISDIR(st.st_mode)) {
      buf_u8(b, 2);
      buf_str16(b, link, (size_t)l);
    } else {
      buf_u8(b, 16); /* FILE_V2 */
      buf_u32(b, ppm_open_flags(fdinfo_flags(pdir, fdname)));
      buf_str16(b, link, (size_t)l);
      buf_u32(b, ppm_encode_dev(((uint32_t)major(st.st_dev) << 20) | minor(st.st_dev)));
    }
  } else {
    buf_u8(b, 10);
    buf_str16(b, link, (size_t)l);
  }
  entry_end(b, start);
  return 1;
}

void scan_metadata(struct buf *b, uint64_t boot_wall, struct scan_stats *st) {
  memset(st, 0, sizeof(*st));
  /* the process list first: it is what the snapshot stands for (listed_ns); the rest is read after */
  int *pids = NULL;
  size_t np = 0, cp = 0;
  /* listed_ns is the start of the listing: a process forked during it may be missed (a recycled
   * low pid behind the cursor), and its clone events, after listed_ns, then follow the snapshot */
  struct timespec lt;
  clock_gettime(CLOCK_BOOTTIME, &lt);
  st->listed_ns = (uint64_t)lt.tv_sec * 1000000000ull + (uint64_t)lt.tv_nsec;
  DIR *d = opendir("/proc");
  if (d) {
    struct dirent *de;
    while ((de = readdir(d)) && np < 4194304) {
      if (de->d_name[0] < '1' || de->d_name[0] > '9') continue;
      if (np == cp) {
        cp = cp ? cp * 2 : 1024;
        int *n = realloc(pids, cp * sizeof(int));
        if (!n) break;
        pids = n;
      }
      pids[np++] = atoi(de->d_name);
    }
    closedir(d);
  }

  machine_info(b, boot_wall);
  iface_list(b);
  user_list(b);
  nsocks = 0;
  load_inet("/proc/net/tcp", 0, 2);
  load_inet("/proc/net/tcp6", 1, 2);
  load_inet("/proc/net/udp", 0, 3);
  load_inet("/proc/net/udp6", 1, 3);
  load_unix();
  if (!d) return;

  size_t pl = blk_begin(b, SCAP_PL_BLOCK_TYPE_V9);
  for (size_t i = 0; i < np; i++) {
    char pdir[64], tdirs[64];
    snprintf(pdir, sizeof(pdir), "/proc/%d", pids[i]);
    snprintf(tdirs, sizeof(tdirs), "/proc/%d/task", pids[i]);
    DIR *td = opendir(tdirs);
    if (!td) {
      st->vanished++;
      int *g = realloc(st->gone, (st->n_gone + 1) * sizeof(int));
      if (g) { st->gone = g; st->gone[st->n_gone++] = pids[i]; }
      continue;
    }
    st->processes++;
    struct dirent *te;
    int nt = 0;
    while ((te = readdir(td)) && nt < 65536) {
      if (te->d_name[0] < '0' || te->d_name[0] > '9') continue;
      char tdir[128];
      snprintf(tdir, sizeof(tdir), "%s/%s", tdirs, te->d_name);
      struct procinfo p;
      memset(&p, 0, sizeof(p));
      p.tid = atoi(te->d_name);
      p.pid = pids[i];
      /* a thread in the middle of execve can fail its /proc reads for a moment: retry while it exists */
      int ok = -1;
      for (int attempt = 0; attempt < 3 && ok != 0; attempt++) {
        if (attempt) {
          struct stat sb;
          if (stat(tdir, &sb) != 0) break;
          usleep(2000);
        }
        memset(&p, 0, sizeof(p));
        p.tid = atoi(te->d_name);
        p.pid = pids[i];
        ok = read_status(tdir, &p);
      }
      if (ok != 0) {
        st->vanished++;
        int *g = realloc(st->gone, (st->n_gone + 1) * sizeof(int));
        if (g) { st->gone = g; st->gone[st->n_gone++] = p.tid; }
        continue;
      }
      thread_entry(b, pdir, tdir, &p, boot_wall);
      st->threads++;
      nt++;
    }
    closedir(td);
  }
  blk_end(b, pl);

  for (size_t i = 0; i < np; i++) {
    char pdir[64], fdd[80];
    snprintf(pdir, sizeof(pdir), "/proc/%d", pids[i]);
    snprintf(fdd, sizeof(fdd), "%s/fd", pdir);
    DIR *fd = opendir(fdd);
    if (!fd) continue;
    size_t s = blk_begin(b, SCAP_FDL_BLOCK_TYPE_V2);
    buf_u64(b, (uint64_t)pids[i]);
    struct dirent *fe;
    int n = 0;
    while ((fe = readdir(fd)) && n < 1048576) {
      if (fe->d_name[0] < '0' || fe->d_name[0] > '9') continue;
      n += fd_entry(b, pdir, fe->d_name);
    }
    closedir(fd);
    st->fds += n;
    blk_end(b, s);
  }
  free(pids);
}
