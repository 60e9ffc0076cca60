"""A process that leaks on command, for the agent's accuracy tests.

Reads one command per line on stdin and answers "ok" (or "ready <port>" at start) on stdout:
  fds N           open N more files and keep them
  close_wait N    accept N connections from itself, let the peer hang up, never close: N CLOSE_WAIT sockets
  connect PORT N  open N connections to PORT and keep them, silent: N ESTABLISHED sockets
  accept N        accept N connections on its listener and keep them (a silent peer)
  threads N       start N threads that sleep
  grow MIB        allocate and touch MIB mebibytes
  swap_file_for_socket PORT
                  close one of the files of 'fds' and connect to PORT in its place: the
                  descriptor count stays, one ESTABLISHED socket more
  fork_sharing PORT
                  connect to PORT, then fork a child that holds that socket too (and every other
                  descriptor) and lives as long as this process
  drop_shared_for_file
                  close the socket of 'fork_sharing' and open a file in its place: the count stays,
                  and the socket lives on in the forked child
  connect6 N      listen on ::1 and open N connections to that listener, keeping both ends:
                  IPv6 sockets, 1 LISTEN and 2N ESTABLISHED
It holds everything until stdin closes.
"""
import os
import socket
import sys
import threading

held = []
files = []
shared = []
listener = socket.socket()
listener.bind(('127.0.0.1', 0))
listener.listen(1024)
port = listener.getsockname()[1]
stop = threading.Event()


def answer(text):
    sys.stdout.write(text + '\n')
    sys.stdout.flush()


answer('ready %d' % port)
for line in sys.stdin:
    words = line.split()
    if not words:
        continue
    command, args = words[0], [int(w) for w in words[1:]]
    if command == 'fds':
        files.extend(open('/dev/null') for _ in range(args[0]))
    elif command == 'swap_file_for_socket':
        files.pop().close()
        held.append(socket.create_connection(('127.0.0.1', args[0])))
    elif command == 'fork_sharing':
        shared.append(socket.create_connection(('127.0.0.1', args[0])))
        alive_read, alive_write = os.pipe()
        if os.fork() == 0:
            os.close(alive_write)
            os.read(alive_read, 1)  # returns at end of file, when the parent has exited
            os._exit(0)
        os.close(alive_read)
        held.append(alive_write)
    elif command == 'drop_shared_for_file':
        shared.pop().close()
        files.append(open('/dev/null'))
    elif command == 'close_wait':
        for _ in range(args[0]):
            client = socket.create_connection(('127.0.0.1', port))
            server, _ = listener.accept()
            client.close()
            held.append(server)
    elif command == 'connect':
        held.extend(socket.create_connection(('127.0.0.1', args[0])) for _ in range(args[1]))
    elif command == 'connect6':
        listener6 = socket.socket(socket.AF_INET6)
        listener6.bind(('::1', 0))
        listener6.listen(64)
        held.append(listener6)
        for _ in range(args[0]):
            held.append(socket.create_connection(('::1', listener6.getsockname()[1])))
            held.append(listener6.accept()[0])
    elif command == 'accept':
        held.extend(listener.accept()[0] for _ in range(args[0]))
    elif command == 'threads':
        for _ in range(args[0]):
            threading.Thread(target=stop.wait, daemon=True).start()
    elif command == 'grow':
        held.append(b'x' * (args[0] << 20))
    else:
        answer('unknown command ' + command)
        continue
    answer('ok')
stop.set()
