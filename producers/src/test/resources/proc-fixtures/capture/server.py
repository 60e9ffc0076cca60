# leakwatch fixture capture: the server side. Prints its ports, then holds every socket until stdin closes.
import socket, sys
ls4 = socket.socket(); ls4.bind(('127.0.0.1', 0)); ls4.listen(16)
closer = socket.socket(); closer.bind(('127.0.0.1', 0)); closer.listen(16)
ls6 = socket.socket(socket.AF_INET6); ls6.bind(('::1', 0)); ls6.listen(16)
udp = socket.socket(socket.AF_INET, socket.SOCK_DGRAM); udp.bind(('127.0.0.1', 0))
pair = socket.socketpair()
held = [open('/dev/null')]
print(ls4.getsockname()[1], closer.getsockname()[1], ls6.getsockname()[1], flush=True)
for _ in range(3):
    held.append(ls4.accept()[0])
held.append(ls6.accept()[0])
for _ in range(2):
    c = closer.accept()[0]
    c.close()  # this side closes first: once the client closes too, it waits in TIME_WAIT
print('ready', flush=True)
sys.stdin.read()
