# leakwatch fixture capture: a process alone in its network namespace, connected to itself.
import socket, subprocess, sys
subprocess.run(['ip', 'link', 'set', 'lo', 'up'], check=True)
ls = socket.socket(); ls.bind(('127.0.0.1', 0)); ls.listen(4)
a = socket.create_connection(ls.getsockname())
b = ls.accept()[0]
print('ready', flush=True)
sys.stdin.read()
