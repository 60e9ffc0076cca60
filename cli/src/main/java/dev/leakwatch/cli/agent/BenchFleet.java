package dev.leakwatch.cli.agent;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * N small real processes for the benchmark: one python3 listener forks a parent that forks N
 * children; each child holds some open files and TCP connections to the listener, one of which the
 * listener hangs up (so every child also holds a CLOSE_WAIT socket). Forked children share the
 * interpreter's pages, so a thousand of them cost little memory.
 */
final class BenchFleet implements AutoCloseable {
    private static final String SCRIPT = """
            import os, resource, signal, socket, sys
            n, files, conns = int(sys.argv[1]), int(sys.argv[2]), int(sys.argv[3])
            soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
            resource.setrlimit(resource.RLIMIT_NOFILE, (hard, hard))
            listener = socket.socket()
            listener.bind(('127.0.0.1', 0))
            listener.listen(4096)
            port = listener.getsockname()[1]
            forker = os.fork()
            if forker == 0:
                listener.close()
                kids = []
                for i in range(n):
                    pid = os.fork()
                    if pid == 0:
                        held = [open('/dev/null') for _ in range(files)]
                        held += [socket.create_connection(('127.0.0.1', port)) for _ in range(conns)]
                        signal.signal(signal.SIGTERM, lambda *a: os._exit(0))
                        while True:
                            signal.pause()
                    kids.append(pid)
                def stop(*a):
                    for k in kids:
                        try:
                            os.kill(k, signal.SIGKILL)
                        except OSError:
                            pass
                    for k in kids:
                        try:
                            os.waitpid(k, 0)
                        except OSError:
                            pass
                    os._exit(0)
                signal.signal(signal.SIGTERM, stop)
                while True:
                    signal.pause()
            held = []
            for i in range(n * conns):
                c, _ = listener.accept()
                if i % conns == 0:
                    c.close()
                else:
                    held.append(c)
            print('ready', forker, flush=True)
            sys.stdin.read()
            os.kill(forker, signal.SIGTERM)
            os.waitpid(forker, 0)
            """;

    private final Process listener;
    private final OutputStream stdin;
    private final Duration spawnTime;

    private BenchFleet(Process listener, Duration spawnTime) {
        this.listener = listener;
        this.stdin = listener.getOutputStream();
        this.spawnTime = spawnTime;
    }

    static BenchFleet spawn(String python, int processes, int files, int connections) throws IOException {
        final long start = System.nanoTime();
        final Process process = new ProcessBuilder(python, "-c", SCRIPT, Integer.toString(processes), Integer.toString(files),
                Integer.toString(connections)).redirectError(ProcessBuilder.Redirect.INHERIT).start();
        final BufferedReader out = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
        final String ready = out.readLine();
        if (ready == null || !ready.startsWith("ready")) {
            process.destroyForcibly();
            throw new IOException("the benchmark's " + python + " fleet did not start (" + ready + "); is python3 installed?");
        }
        return new BenchFleet(process, Duration.ofNanos(System.nanoTime() - start));
    }

    Duration spawnTime() {
        return spawnTime;
    }

    /** Closing the listener's stdin makes it stop its children; what is still there after a minute is killed. */
    @Override
    public void close() {
        try {
            stdin.close();
        } catch (IOException alreadyGone) {
            // the listener has exited
        }
        try {
            if (!listener.waitFor(60, TimeUnit.SECONDS)) {
                listener.descendants().forEach(ProcessHandle::destroyForcibly);
                listener.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            listener.descendants().forEach(ProcessHandle::destroyForcibly);
            listener.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }
}
