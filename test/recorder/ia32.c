/* Makes ia32 system calls (int $0x80) from a 64-bit process, so the recorder's compat path
 * (TS_COMPAT, ia32 numbers, args in ebx/ecx/edx) is exercised without a 32-bit toolchain.
 * Built non-PIE so its static data sits below 4 GiB, where 32-bit pointers can reach it. */
static char path[256];
static char msg[] = "ia32-payload";

static long sys32(long nr, long a, long b, long c) {
  long ret;
  __asm__ volatile("int $0x80" : "=a"(ret) : "a"(nr), "b"(a), "c"(b), "d"(c) : "memory");
  return ret;
}

int main(int argc, char **argv) {
  if (argc < 2) return 2;
  int i = 0;
  for (; argv[1][i] && i < 255; i++) path[i] = argv[1][i];
  path[i] = 0;
  long fd = sys32(5, (long)path, 0101 | 01000, 0644); /* ia32 open(path, O_WRONLY|O_CREAT|O_TRUNC, 0644) */
  if (fd < 0) return 3;
  sys32(4, fd, (long)msg, sizeof(msg) - 1);             /* ia32 write */
  sys32(6, fd, 0, 0);                                    /* ia32 close */
  return 0;
}
