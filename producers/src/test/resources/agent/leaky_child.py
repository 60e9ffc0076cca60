"""A process that leaks on command, for the agent's accuracy tests.

Reads one command per line on stdin and answers "ok" (or "ready <port>" at start) on stdout:
  fds N           open N more files and keep them
  close_wait N    accept N connections from itself, let the peer hang up, never close: N CLOSE_WAIT sockets
  connect PORT N  open N connections to PORT and keep them, silent: N ESTABLISHED sockets
  accept N        accept N connections on its listener and keep them (a silent peer)
  threads N       start N threads that sleep
  grow MIB        allocate and touch MIB mebibytes
It holds everything until stdin closes.
"""
import socket
import sys
import threading

held = []
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
        held.extend(open('/dev/null') for _ in range(args[0]))
    elif command == 'close_wait':
        for _ in range(args[0]):
            client = socket.create_connection(('127.0.0.1', port))
            server, _ = listener.accept()
            client.close()
            held.append(server)
    elif command == 'connect':
        held.extend(socket.create_connection(('127.0.0.1', args[0])) for _ in range(args[1]))
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
