package dev.leakwatch.detect;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import dev.leakwatch.detect.trend.LinearFit;
import dev.leakwatch.detect.trend.SlidingSeries;

/**
 * Everything the detector remembers about one process incarnation: a sliding series per resource
 * and which resources already have an open incident. {@link #observe} takes one sample's readings
 * and returns the leaks that sample reveals, each reported once.
 *
 * <p>The rule: a resource leaks when, over the window, a straight line explains its values well
 * (R² at least {@code minRSquared}), it grew by at least {@code minGrowth}, its newer half is not
 * levelling off (so warm-up that saturates is left alone), and that line reaches the limit within
 * the horizon. The sooner the projected exhaustion, the less evidence is asked for: the trend must
 * have been watched for a share of the time it has left.
 */
public final class ProcessTrends {
    private static final byte FORMAT_VERSION = 1;
    private static final double LEVELLING_OFF_RATIO = 0.5;

    private final Map<LeakResource, SlidingSeries> series = new EnumMap<>(LeakResource.class);
    private final EnumSet<LeakResource> reported = EnumSet.noneOf(LeakResource.class);
    private final DetectorSettings settings;

    public ProcessTrends(DetectorSettings settings) {
        this.settings = settings;
    }

    public List<LeakFinding> observe(long eventTime, List<Reading> readings) {
        List<LeakFinding> findings = new ArrayList<>(1);
        for (Reading reading : readings) {
            SlidingSeries points = series.computeIfAbsent(reading.resource(), r -> new SlidingSeries(settings.maxPoints()));
            if (!points.add(eventTime, reading.value(), settings.window().toMillis())) {
                continue;
            }
            if (reported.contains(reading.resource())) {
                continue;
            }
            judge(eventTime, reading, points).ifPresent(finding -> {
                reported.add(reading.resource());
                findings.add(finding);
            });
        }
        return findings;
    }

    public boolean hasReported(LeakResource resource) {
        return reported.contains(resource);
    }

    private Optional<LeakFinding> judge(long eventTime, Reading reading, SlidingSeries points) {
        if (!reading.hasLimit()
                || points.size() < settings.minPoints()
                || points.spanMillis() < settings.minSpan().toMillis()) {
            return Optional.empty();
        }
        Optional<LinearFit> fitted = points.fit();
        if (fitted.isEmpty()) {
            return Optional.empty();
        }
        LinearFit fit = fitted.get();
        double growth = fit.slopePerSecond() * fit.spanSeconds();
        if (fit.slopePerSecond() <= 0
                || fit.rSquared() < settings.minRSquared()
                || growth < settings.minGrowthOf(reading.resource())
                || levelsOff(points)) {
            return Optional.empty();
        }
        double remaining = Math.max(0, reading.limit() - reading.value());
        long secondsToExhaustion = (long) Math.ceil(remaining / fit.slopePerSecond());
        if (secondsToExhaustion > settings.horizon().toSeconds()
                || points.spanMillis() < settings.requiredSpanMillis(secondsToExhaustion)) {
            return Optional.empty();
        }
        return Optional.of(new LeakFinding(reading.resource(), eventTime, fit.slopePerHour(), reading.value(),
                reading.limit(), secondsToExhaustion, fit.rSquared(),
                settings.severityFor(Duration.ofSeconds(secondsToExhaustion)), "LINEAR",
                Hints.forResource(reading.resource())));
    }

    private static boolean levelsOff(SlidingSeries points) {
        Optional<LinearFit> older = points.fitOlderHalf();
        Optional<LinearFit> newer = points.fitNewerHalf();
        if (older.isEmpty() || newer.isEmpty() || older.get().slopePerSecond() <= 0) {
            return false;
        }
        return newer.get().slopePerSecond() < LEVELLING_OFF_RATIO * older.get().slopePerSecond();
    }

    /** Compact binary form for a state store; {@link #fromBytes} reads it back. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(64 + series.size() * settings.maxPoints() * 16);
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeByte(FORMAT_VERSION);
            out.writeInt(bitsOf(reported));
            out.writeByte(series.size());
            for (Map.Entry<LeakResource, SlidingSeries> entry : series.entrySet()) {
                out.writeByte(entry.getKey().ordinal());
                entry.getValue().writeTo(out);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ProcessTrends fromBytes(byte[] data, DetectorSettings settings) {
        ProcessTrends trends = new ProcessTrends(settings);
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte version = in.readByte();
            if (version != FORMAT_VERSION) {
                throw new IllegalArgumentException("unknown process-trend state format " + version);
            }
            int reportedBits = in.readInt();
            for (LeakResource resource : LeakResource.values()) {
                if ((reportedBits & (1 << resource.ordinal())) != 0) {
                    trends.reported.add(resource);
                }
            }
            int count = in.readByte();
            for (int i = 0; i < count; i++) {
                LeakResource resource = LeakResource.values()[in.readByte()];
                trends.series.put(resource, SlidingSeries.readFrom(in, settings.maxPoints()));
            }
        } catch (IOException e) {
            throw new IllegalArgumentException("corrupt process-trend state: " + e.getMessage(), e);
        }
        return trends;
    }

    private static int bitsOf(EnumSet<LeakResource> resources) {
        int bits = 0;
        for (LeakResource resource : resources) {
            bits |= 1 << resource.ordinal();
        }
        return bits;
    }
}
