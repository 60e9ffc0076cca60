package dev.leakwatch.cli.demo;

import java.io.FileInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A deliberately misbehaving (or well-behaved) process for the demo and the end-to-end tests. It
 * exits by itself when its parent goes away (its standard input closes), so it never outlives the
 * demo.
 *
 * <ul>
 *   <li>{@code fds RATE}: opens RATE files per second and never closes them (stops short of its limit);</li>
 *   <li>{@code memory MIB_PER_S}: allocates and touches that much heap per second;</li>
 *   <li>{@code churn-fds RATE}: opens and closes RATE files per second, holding at most one: healthy.</li>
 * </ul>
 */
public final class LeakingProcess {
    private static final String FILE = "/dev/null";
    private static final int MAX_HELD_FDS = 900;

    private LeakingProcess() {
    }

    public static void main(String[] args) throws Exception {
        if (args.length != 2) {
            System.err.println("usage: LeakingProcess fds|memory|churn-fds RATE");
            System.exit(2);
        }
        String mode = args[0].toLowerCase(Locale.ROOT);
        double rate = Double.parseDouble(args[1]);
        exitWhenParentGoes();
        long pauseMillis = Math.max(1, (long) (1000 / rate));
        List<Object> held = new ArrayList<>();
        while (true) {
            switch (mode) {
                case "fds" -> {
                    if (held.size() < MAX_HELD_FDS) {
                        held.add(new FileInputStream(FILE));
                    }
                    Thread.sleep(pauseMillis);
                }
                case "churn-fds" -> {
                    try (InputStream in = new FileInputStream(FILE)) {
                        in.available();
                    }
                    Thread.sleep(pauseMillis);
                }
                case "memory" -> {
                    byte[] chunk = new byte[(int) (rate * 1024 * 1024 / 10)];
                    for (int i = 0; i < chunk.length; i += 4096) {
                        chunk[i] = 1;
                    }
                    held.add(chunk);
                    Thread.sleep(100);
                }
                default -> {
                    System.err.println("unknown mode " + mode);
                    System.exit(2);
                }
            }
        }
    }

    private static void exitWhenParentGoes() {
        Thread watcher = new Thread(() -> {
            try {
                while (System.in.read() >= 0) {
                    // nothing is ever sent; end of stream means the parent is gone
                }
            } catch (IOException ignored) {
                // same: the pipe is gone
            }
            System.exit(0);
        }, "parent-watch");
        watcher.setDaemon(true);
        watcher.start();
    }
}
