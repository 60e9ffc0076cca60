package dev.leakwatch.sim;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.zip.GZIPOutputStream;

import dev.leakwatch.json.SampleJson;
import dev.leakwatch.schema.ProcessSample;

/** Writes samples as JSON Lines in the DESIGN.md form, gzip-compressed when the file name ends in {@code .gz}. */
public final class SampleFileWriter implements AutoCloseable {
    private final BufferedWriter out;
    private final Path file;
    private long written;

    public SampleFileWriter(Path file) {
        this.file = file;
        try {
            OutputStream raw = Files.newOutputStream(file);
            if (file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".gz")) {
                raw = new GZIPOutputStream(raw, 1 << 16);
            }
            this.out = new BufferedWriter(new OutputStreamWriter(raw, StandardCharsets.UTF_8), 1 << 16);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write samples to " + file, e);
        }
    }

    public void write(ProcessSample sample) {
        try {
            out.write(SampleJson.format(sample));
            out.write('\n');
            written++;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write samples to " + file, e);
        }
    }

    public long written() {
        return written;
    }

    @Override
    public void close() {
        try {
            out.close();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot finish " + file, e);
        }
    }
}
