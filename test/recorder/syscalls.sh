#!/bin/sh
# Exercises the syscalls the recorder encodes with dedicated events (test/recorder/recorder-syscalls.test.ts).
# $1 = work directory, $2 = unique tag. Every step is harmless: the mount happens in a private
# mount namespace, no module is loaded, credentials are set to what they already are.
set -u
d="$1"; t="$2"
cd "$d"
mkdir "dir-$t"; chmod 700 "dir-$t"; chown 0:0 "dir-$t"
echo x > "f-$t"; mv "f-$t" "g-$t"; ln -s "g-$t" "s-$t"; ln "g-$t" "h-$t"; rm "h-$t" "s-$t"; rmdir "dir-$t"
cd /; cd "$d"
unshare -m sh -c "mount -t tmpfs none-$t $d && umount $d" 2>/dev/null
nsenter -t $$ -m true 2>/dev/null
strace -o /dev/null true 2>/dev/null
setpriv --inh-caps=-all true 2>/dev/null
bpftool prog show >/dev/null 2>&1
kill -0 $$
if command -v python3 >/dev/null 2>&1; then
python3 - "$t" <<'PY' 2>/dev/null
import os, sys, socket, ctypes, mmap
t = sys.argv[1]
libc = ctypes.CDLL(None, use_errno=True)
os.close(os.memfd_create('memfd-' + t))
libc.prctl(15, ('pn-' + t[:10]).encode(), 0, 0, 0)
a, b = socket.socketpair(); a.close(); b.close()
r, w = os.pipe(); x = os.dup(r); os.dup2(w, 50); os.close(50); os.close(x); os.close(r); os.close(w)
import fcntl
r, w = os.pipe(); d = fcntl.fcntl(r, fcntl.F_DUPFD, 60); fcntl.fcntl(w, fcntl.F_GETFL); os.close(d); os.close(r); os.close(w)
m = mmap.mmap(-1, 8192); m.close()
os.setgid(os.getgid()); os.setuid(os.getuid())
fd = os.open('.', os.O_RDONLY); os.fchdir(fd); os.close(fd)
PY
fi
