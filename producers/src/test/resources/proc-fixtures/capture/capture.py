#!/usr/bin/env python3
"""Copies the /proc files the agent reads for some pids into a fixture tree, links kept as links."""
import os, shutil, sys

dest, pids = sys.argv[1], sys.argv[2:]
os.makedirs(os.path.join(dest, 'sys/kernel'), exist_ok=True)
for name in ('stat', 'meminfo'):
    shutil.copyfile('/proc/' + name, os.path.join(dest, name))
with open(os.path.join(dest, 'sys/kernel/hostname'), 'w') as f:
    f.write('fixture-host-b\n')
for pid in pids:
    src, out = '/proc/' + pid, os.path.join(dest, pid)
    os.makedirs(os.path.join(out, 'fd'), exist_ok=True)
    os.makedirs(os.path.join(out, 'ns'), exist_ok=True)
    os.makedirs(os.path.join(out, 'net'), exist_ok=True)
    for name in ('stat', 'statm', 'status', 'cmdline', 'limits', 'cgroup', 'environ'):
        with open(os.path.join(src, name), 'rb') as f, open(os.path.join(out, name), 'wb') as g:
            g.write(f.read())
    for name in ('tcp', 'tcp6', 'udp', 'udp6', 'unix'):
        with open(os.path.join(src, 'net', name), 'rb') as f, open(os.path.join(out, 'net', name), 'wb') as g:
            g.write(f.read())
    for fd in os.listdir(os.path.join(src, 'fd')):
        os.symlink(os.readlink(os.path.join(src, 'fd', fd)), os.path.join(out, 'fd', fd))
    os.symlink(os.readlink(os.path.join(src, 'ns', 'net')), os.path.join(out, 'ns', 'net'))
