package dev.leakwatch.agent;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

import dev.leakwatch.agent.procfs.ProcFiles;
import dev.leakwatch.agent.procfs.RereadableFile;

/** The real file system (files held open as in production), counting the links read under each pid's fd/ and the tables opened under its net/. */
final class CountingProcFiles implements ProcFiles {
    private final ProcFiles real = ProcFiles.system();
    private final Map<Integer, AtomicInteger> links = new ConcurrentHashMap<>();
    private final Map<String, AtomicInteger> tables = new ConcurrentHashMap<>();

    int linksRead(int pid) {
        return links.getOrDefault(pid, new AtomicInteger()).get();
    }

    /** How often {@code /proc/PID/net/TABLE} was opened through any of the pids. */
    int tablesOpened(String table, int... pids) {
        int opened = 0;
        for (int pid : pids) {
            opened += tables.getOrDefault(pid + "/" + table, new AtomicInteger()).get();
        }
        return opened;
    }

    @Override
    public String readLink(Path link) throws IOException {
        if (link.getParent() != null && link.getParent().getFileName().toString().equals("fd")) {
            final int pid = Integer.parseInt(link.getParent().getParent().getFileName().toString());
            links.computeIfAbsent(pid, p -> new AtomicInteger()).incrementAndGet();
        }
        return real.readLink(link);
    }

    @Override
    public InputStream open(Path file) throws IOException {
        if (file.getParent() != null && file.getParent().getFileName().toString().equals("net") && file.getNameCount() >= 3) {
            final String pid = file.getParent().getParent().getFileName().toString();
            tables.computeIfAbsent(pid + "/" + file.getFileName(), t -> new AtomicInteger()).incrementAndGet();
        }
        return real.open(file);
    }

    @Override
    public String read(Path file) throws IOException {
        return real.read(file);
    }

    @Override
    public String readSingleShot(Path file) throws IOException {
        return real.readSingleShot(file);
    }

    @Override
    public RereadableFile openRereadable(Path file) throws IOException {
        return real.openRereadable(file);
    }

    @Override
    public long size(Path path) throws IOException {
        return real.size(path);
    }

    @Override
    public String readPrefix(Path file, int maxBytes) throws IOException {
        return real.readPrefix(file, maxBytes);
    }

    @Override
    public byte[] readRange(Path file, long offset, int length) throws IOException {
        return real.readRange(file, offset, length);
    }

    @Override
    public List<String> list(Path directory) throws IOException {
        return real.list(directory);
    }

    @Override
    public BasicFileAttributes attributes(Path path) throws IOException {
        return real.attributes(path);
    }

    @Override
    public boolean exists(Path path) {
        return real.exists(path);
    }
}
