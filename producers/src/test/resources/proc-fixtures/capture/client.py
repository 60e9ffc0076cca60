# leakwatch fixture capture: the client side. Connects, hangs up one connection, holds the rest until stdin closes.
import socket, sys, time
p4, pc, p6 = (int(x) for x in sys.argv[1:4])
conns = [socket.create_connection(('127.0.0.1', p4)) for _ in range(3)]
v6 = socket.create_connection(('::1', p6))
short = [socket.create_connection(('127.0.0.1', pc)) for _ in range(2)]
time.sleep(0.5)
for s in short:
    s.close()
conns[0].close()  # the server never closes its end: it stays in CLOSE_WAIT
print('ready', flush=True)
sys.stdin.read()
