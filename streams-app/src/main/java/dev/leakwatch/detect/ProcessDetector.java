package dev.leakwatch.detect;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import dev.leakwatch.detect.IncidentEvent.Transition;
import dev.leakwatch.detect.TrendJudge.Finding;
import dev.leakwatch.detect.trend.BucketRing;
import dev.leakwatch.detect.trend.TrendFit;
import dev.leakwatch.detect.trend.VarInts;

/**
 * Everything the detector knows about one process incarnation, and the incident lifecycle of each
 * of its resources: {@link #observe} takes one sample and returns the transitions it causes
 * (OPENED once per leak, UPDATED when severity or projected exhaustion move materially, RESOLVED
 * when growth stopped); {@link #exit} resolves what is open when the process is gone.
 *
 * <p>One leak, one incident: when sockets in one state grow by at least a set share of the fd
 * growth, the socket state is the root cause and OPEN_FDS a related resource, never a second
 * incident; likewise threads that climb clearly are the root cause of the memory or fds they use
 * (sockets are not, when the service's previous incarnation leaked fds and not those sockets). A
 * resolved resource is not reopened in the same incarnation (no flapping).
 *
 * <p>Such a THREADS incident carries the threads' count and limit, but projects to whichever limit
 * is hit first: the threads' own, or that of the memory or fds they consume (then named in the
 * event's {@code exhausts}). Later updates keep following that limit unless another becomes
 * materially sooner.
 */
public final class ProcessDetector {
    /**
     * 5 added whether a track keeps sparse floors for a recurring leak; 4 added, per open incident,
     * which resource's limit its projection is against; 3 added each ring's highest floor that fell
     * out of it. 2 to 4 are still read.
     */
    private static final byte FORMAT_VERSION = 5;
    private static final byte OLDEST_READABLE_VERSION = 2;
    private static final double NEAR_LIMIT = 0.9;
    private static final List<LeakResource> SOCKET_STATES = List.of(LeakResource.TCP_CLOSE_WAIT, LeakResource.TCP_ESTABLISHED);
    /** What can be the root cause of fd growth, besides the fds themselves. */
    private static final List<LeakResource> FD_HOLDERS = List.of(LeakResource.TCP_CLOSE_WAIT, LeakResource.TCP_ESTABLISHED, LeakResource.THREADS);
    /** Counts that fail at their limit (EMFILE, EAGAIN from clone) and stay there: found at it when the climb was missed. */
    private static final Set<LeakResource> COUNTS_AT_LIMIT = EnumSet.of(LeakResource.OPEN_FDS, LeakResource.THREADS);

    private final DetectorSettings settings;
    private final Workspace workspace;
    private final TrendJudge judge;
    private final Map<LeakResource, ResourceTrack> tracks = new EnumMap<>(LeakResource.class);
    /** What earlier incarnations of the service showed, as given to the observe call under way (not state: read afresh per call). */
    private ServicePast held = ServicePast.NONE;
    /** Time since the previous sample, as of the observe call under way (not state). */
    private long sampleInterval;
    private long lastSeen = Long.MIN_VALUE;
    private boolean ended;
    private ProcessLabels labels = ProcessLabels.UNKNOWN;
    /** The labels' encoded form, kept while they do not change (they are saved with every sample); null until needed. */
    private byte[] encodedLabels;
    /**
     * The state as last saved or read (never changed): what did not change since is copied from this
     * one array rather than from many small ones. Null until then.
     */
    private byte[] lastSaved;
    /** Where the labels are in {@link #lastSaved} while they did not change, else -1; and their length. */
    private int savedLabelsAt = -1;
    private int labelsLength;

    ProcessDetector(DetectorSettings settings, Workspace workspace) {
        this.settings = settings;
        this.workspace = workspace;
        this.judge = workspace.judge;
    }

    /** Takes one sample's readings at event time {@code now}; a sample not newer than the last one is ignored. */
    public List<IncidentEvent> observe(long now, List<Reading> readings) {
        return observe(now, readings, ServicePast.NONE);
    }

    /**
     * Like {@link #observe(long, List)}, with what earlier incarnations of the same service showed:
     * the levels they held, asked only when an incident is about to open, and the leaks they ended
     * in, asked only when a climb is judged on fewer floors than usual or fds are put down to sockets.
     */
    public List<IncidentEvent> observe(long now, List<Reading> readings, ServicePast held) {
        if (ended || now <= lastSeen) {
            return List.of();
        }
        this.held = held;
        long interval = lastSeen == Long.MIN_VALUE ? 0 : now - lastSeen;
        sampleInterval = interval;
        lastSeen = now;
        List<int[]> closed = new ArrayList<>(2);
        for (Reading reading : readings) {
            ResourceTrack track = tracks.computeIfAbsent(reading.resource(), r -> new ResourceTrack(r, settings.scales()));
            track.lastValue = reading.value();
            track.limit = reading.limit();
            boolean levelClosed = false;
            for (int scale = 0; scale < track.rings.length; scale++) {
                BucketRing ring = track.rings[scale];
                if (ring.closedBuckets() == 0 && judge.uselessAt(scale, interval, track.recurringFloors)) {
                    // sampled too sparsely for this scale ever to be judged (the 15 s scale under
                    // 60 s samples): its ring stays empty rather than filling with floors and gaps
                    // that every sample would have to close, encode and save
                    ring.forgetOpenBucket();
                    continue;
                }
                if (ring.add(now, reading.value())) {
                    closed.add(new int[] {reading.resource().ordinal(), scale});
                    levelClosed |= scale == levelScale();
                }
            }
            if (levelClosed && !track.recurringFloors && track.phase == ResourceTrack.IncidentPhase.NONE && judge.sparseFor(0, interval)) {
                // asked every 5 min: a leak the previous incarnation ended with has the shortest
                // scale keep floors from the next sample on, to be judged from a few of them
                track.recurringFloors = held.leakedBefore(track.resource, track.limit, now);
            }
        }
        if (closed.isEmpty()) {
            return List.of();
        }
        List<IncidentEvent> events = new ArrayList<>(1);
        for (int[] entry : closed) {
            ResourceTrack track = tracks.get(LeakResource.values()[entry[0]]);
            int scale = entry[1];
            if (track.phase == ResourceTrack.IncidentPhase.RESOLVED) {
                continue;
            }
            Optional<Finding> finding = judge.judge(track, scale, now, headroomValue(track), held);
            if (finding.isPresent()) {
                onFinding(finding.get(), now, events);
            } else if (track.isOpen() && track.openedScale == scale) {
                checkGrowthStopped(track, scale, now, events);
            } else if (scale == levelScale() && COUNTS_AT_LIMIT.contains(track.resource) && track.phase == ResourceTrack.IncidentPhase.NONE) {
                judge.atLimit(track, scale).ifPresent(atLimit -> onExhausted(track, atLimit, now, events));
            }
        }
        return events;
    }

    private void onFinding(Finding finding, long now, List<IncidentEvent> events) {
        ResourceTrack track = tracks.get(finding.resource());
        if (track.isOpen()) {
            track.growthSeenAt = now;
            maybeUpdate(track, finding.secondsToExhaustion(), null, finding.fit().slopePerHour(), finding, now, events);
            return;
        }
        if (finding.resource() == LeakResource.THREADS && (isOpen(LeakResource.MEMORY_RSS) || isOpen(LeakResource.OPEN_FDS))) {
            return; // already reported through what the threads consume: one incident
        }
        ResourceTrack fdLeak = openIncidentHoldingFds();
        if (fdLeak != null && (SOCKET_STATES.contains(finding.resource())
                || fdLeak.resource != LeakResource.THREADS && finding.resource() != LeakResource.MEMORY_RSS)) {
            // sockets, the threads serving them and the fds they hold climb together (a thread per
            // connection): the open incident that already holds the fds' growth is this leak too
            // (fds found while a THREADS incident holds them update its projection below)
            if (finding.resource() != LeakResource.OPEN_FDS) {
                fdLeak.relatedMask |= bit(finding.resource());
            }
            fdLeak.growthSeenAt = now;
            return;
        }
        if (finding.resource() == LeakResource.MEMORY_RSS || finding.resource() == LeakResource.OPEN_FDS) {
            ResourceTrack threads = tracks.get(LeakResource.THREADS);
            if (threads != null && threads.isOpen()) {
                threads.relatedMask |= bit(finding.resource());
                threads.growthSeenAt = now;
                // what the threads consume may run out before they do
                double threadsPerHour = judge.fitBeside(threads, finding).map(TrendFit::slopePerHour)
                        .orElse(threads.openingSlopePerSecond * 3600.0);
                maybeUpdate(threads, finding.secondsToExhaustion(), finding.resource(), threadsPerHour, finding, now, events);
                return;
            }
            if (threads != null && threads.phase == ResourceTrack.IncidentPhase.NONE && threadsGrow(finding)) {
                if (withinHeldLevels(finding, now)) {
                    return;
                }
                // the threads are the root cause; the incident projects to whichever limit is hit first
                TrendFit threadFit = judge.fitBeside(threads, finding).orElseThrow();
                long threadsOwn = secondsToLimit(threads, threadFit);
                boolean consequenceFirst = finding.secondsToExhaustion() >= 0
                        && (threadsOwn < 0 || finding.secondsToExhaustion() < threadsOwn);
                open(threads, new Finding(LeakResource.THREADS, finding.scale(), threadFit,
                                consequenceFirst ? finding.secondsToExhaustion() : threadsOwn, finding.pattern(), finding.confidence()),
                        consequenceFirst ? finding.resource() : null, bit(finding.resource()), now, events);
                return;
            }
        }
        if (finding.resource() == LeakResource.OPEN_FDS) {
            ResourceTrack socketCause = openSocketIncident();
            if (socketCause != null) {
                socketCause.growthSeenAt = now; // fds grow because those sockets do
                return;
            }
            Optional<ResourceTrack> cause = socketExplaining(finding, now);
            if (cause.isPresent()) {
                ResourceTrack socket = cause.get();
                if (socket.phase == ResourceTrack.IncidentPhase.NONE && !withinHeldLevels(finding, now)) {
                    TrendFit socketFit = judge.fitBeside(socket, finding).orElseThrow();
                    // a socket's headroom is the fds' anyway: the projection is against its own (fd) limit
                    open(socket, new Finding(socket.resource, finding.scale(), socketFit, finding.secondsToExhaustion(),
                            finding.pattern(), finding.confidence()), null, bit(LeakResource.OPEN_FDS), now, events);
                }
                return;
            }
        } else if (SOCKET_STATES.contains(finding.resource()) && isOpen(LeakResource.OPEN_FDS)) {
            tracks.get(LeakResource.OPEN_FDS).growthSeenAt = now; // already reported as an fd leak: one incident
            return;
        }
        if (withinHeldLevels(finding, now)) {
            return;
        }
        int related = SOCKET_STATES.contains(finding.resource()) && fdsGrowWith(finding) ? bit(LeakResource.OPEN_FDS) : 0;
        open(track, finding, null, related, now, events);
    }

    /**
     * A climb that has not passed the highest level an earlier incarnation of the same service held
     * and levelled off at (by more than the resource's {@link DetectorSettings#minGrowth()}, the
     * least growth that counts) is that service's usual warm-up or swing (a cache filling again, the
     * daily rise), not a leak, unless it would exhaust within {@link DetectorSettings#criticalWithin()}.
     * Once it climbs past that level it is judged as any other.
     */
    private boolean withinHeldLevels(Finding finding, long now) {
        if (settings.severityFor(finding.secondsToExhaustion()) == LeakSeverity.CRITICAL) {
            return false;
        }
        long level = held.highestHeld(finding.resource(), tracks.get(finding.resource()).limit, now);
        return level != ServiceHistory.NONE && finding.fit().fittedAtEnd() <= level + settings.minGrowthOf(finding.resource());
    }

    /**
     * What this incarnation says about its service's levels, for {@link ServiceHistory#after}: per
     * resource, with its limit, {@link ServiceHistory#LEAKED} where it ends with an incident open (its
     * successor's climb of the same resource is that leak back); {@link ServiceHistory#CLIMBED} where
     * it ends near its limit or with a significant climb across the window of the scale after the
     * shortest; else the highest floor it held, levelled off; {@link ServiceHistory#NONE} where it was
     * not watched long enough to tell. Floors of every scale but the shortest count (15 s floors still
     * carry a GC sawtooth's peaks). Ask before {@link #exit}, which resolves what is open.
     */
    public ServiceHistory.Ending levelsHeld() {
        long[] levels = new long[LeakResource.values().length];
        java.util.Arrays.fill(levels, ServiceHistory.NONE);
        long[] limits = new long[levels.length];
        java.util.Arrays.fill(limits, Reading.NO_LIMIT);
        int levelScale = levelScale();
        for (ResourceTrack track : tracks.values()) {
            int at = track.resource.ordinal();
            limits[at] = track.limit;
            if (track.isOpen()) {
                levels[at] = ServiceHistory.LEAKED;
                continue;
            }
            if (nearLimit(track, headroomValue(track))) {
                levels[at] = ServiceHistory.CLIMBED;
                continue;
            }
            Optional<TrendFit> fit = judge.fit(track, levelScale);
            if (fit.isEmpty()) {
                continue;
            }
            if (climbsClearly(fit.get(), track.resource)) {
                levels[at] = ServiceHistory.CLIMBED;
                continue;
            }
            long highest = ServiceHistory.NONE;
            for (int i = levelScale; i < track.rings.length; i++) {
                BucketRing ring = track.rings[i];
                highest = Math.max(highest, Math.max(ring.highestEvictedFloor(), ring.highestFloorEndingBy(Long.MAX_VALUE)));
            }
            levels[at] = highest < 0 ? ServiceHistory.NONE : highest;
        }
        return new ServiceHistory.Ending(levels, limits);
    }

    /**
     * A count found at its limit without a leak reported on the way (it climbed too fast for a
     * trend): one CRITICAL incident with no time left, for what made it climb. Fds at their limit
     * are put down to the sockets or threads that climbed with them, as any fd leak is (none of
     * which had an incident: {@link #isHeld}).
     */
    private void onExhausted(ResourceTrack exhausted, Finding atLimit, long now, List<IncidentEvent> events) {
        if (exhausted.resource == LeakResource.OPEN_FDS) {
            for (LeakResource holder : FD_HOLDERS) {
                ResourceTrack track = tracks.get(holder);
                if (track != null && track.isOpen()) {
                    // the sockets or threads reported on the way hold the fds too: one incident (and
                    // no growth: fds at their limit stop, so the incident may still resolve there)
                    track.relatedMask |= bit(LeakResource.OPEN_FDS);
                    return;
                }
            }
        }
        if (isHeld(exhausted.resource)) {
            return;
        }
        ResourceTrack cause = exhausted;
        if (exhausted.resource == LeakResource.OPEN_FDS) {
            double fdGrowth = judge.growth(exhausted, atLimit.scale());
            for (LeakResource holder : FD_HOLDERS) {
                ResourceTrack track = tracks.get(holder);
                if (track == null) {
                    continue;
                }
                double growth = judge.growth(track, atLimit.scale());
                if (holder == LeakResource.THREADS ? growth >= settings.minGrowthOf(holder) : growth >= settings.socketShareOfFds() * fdGrowth) {
                    cause = track;
                    break;
                }
            }
        }
        if (cause == exhausted) {
            open(exhausted, atLimit, null, 0, now, events);
            return;
        }
        TrendFit causeFit = judge.climb(cause, atLimit.scale()).orElse(atLimit.fit());
        open(cause, new Finding(cause.resource, atLimit.scale(), causeFit, 0, atLimit.pattern(), atLimit.confidence()),
                exhausted.resource, bit(exhausted.resource), now, events);
    }

    /**
     * Whether a leak of this resource was reported in this incarnation already: it had an incident,
     * an open incident holds it as related, or (for the fds) sockets or threads, which hold fds,
     * had one. Such a leak was found on the way, or resolved, and is not reported again at its limit.
     */
    private boolean isHeld(LeakResource resource) {
        for (ResourceTrack track : tracks.values()) {
            boolean holdsIt = track.resource == resource || resource == LeakResource.OPEN_FDS && FD_HOLDERS.contains(track.resource);
            if (holdsIt ? track.phase != ResourceTrack.IncidentPhase.NONE : track.isOpen() && (track.relatedMask & bit(resource)) != 0) {
                return true;
            }
        }
        return false;
    }

    private static boolean nearLimit(ResourceTrack track, long value) {
        return track.limit != Reading.NO_LIMIT && value >= NEAR_LIMIT * track.limit;
    }

    /** The scale whose floors say where a process levelled off or ran out: the one after the shortest. */
    private int levelScale() {
        return Math.min(1, settings.scales().size() - 1);
    }

    /** @param projectedTo the resource whose limit the finding's projection is against; null for the track's own */
    private void open(ResourceTrack track, Finding finding, LeakResource projectedTo, int related, long now, List<IncidentEvent> events) {
        track.phase = ResourceTrack.IncidentPhase.OPEN;
        // growth is watched for stopping at the scale that found it, unless samples are too sparse
        // for that scale's usual floors (a recurring leak found at 15 s under 60 s samples): ten
        // floors there would take a pause of minutes for the end of the leak
        track.openedScale = judge.sparseFor(finding.scale(), sampleInterval) ? Math.max(finding.scale(), levelScale()) : finding.scale();
        track.severity = settings.severityFor(finding.secondsToExhaustion());
        track.exhaustAt = exhaustAt(now, finding.secondsToExhaustion());
        track.lastEmit = now;
        track.growthSeenAt = now;
        track.openingSlopePerSecond = (float) finding.fit().slopePerSecond();
        track.relatedMask = related;
        track.projectedTo = finding.secondsToExhaustion() < 0 ? null : projectedTo;
        events.add(event(Transition.OPENED, track, finding.fit().slopePerHour(), finding.secondsToExhaustion(),
                finding.confidence(), finding.pattern(), now, null));
    }

    /**
     * Updates an open incident with a new projection to the limit of {@code projectedTo} (null: the
     * incident's own resource). An incident keeps following the limit it announced: a projection to
     * another limit takes over only when that limit will be hit materially sooner (by more than the
     * shift that makes an update, {@link DetectorSettings#updateShift()}), or when the announced
     * instant has passed, so the incident does not swing between two limits from finding to finding.
     */
    private void maybeUpdate(ResourceTrack track, long secondsToExhaustion, LeakResource projectedTo, double slopePerHour,
                             Finding finding, long now, List<IncidentEvent> events) {
        long newExhaustAt = exhaustAt(now, secondsToExhaustion);
        boolean switches = projectedTo != track.projectedTo;
        if (switches && !(newExhaustAt > 0 && (track.exhaustAt < 0 || track.exhaustAt <= now
                || newExhaustAt < track.exhaustAt - settings.updateShift() * (track.exhaustAt - now)))) {
            return;
        }
        LeakSeverity severity = settings.severityFor(secondsToExhaustion);
        boolean escalates = severity.compareTo(track.severity) > 0;
        boolean intervalPassed = now - track.lastEmit >= settings.updateMinInterval().toMillis();
        boolean moved = switches || (track.exhaustAt > 0 && newExhaustAt > 0
                && Math.abs(newExhaustAt - track.exhaustAt) > settings.updateShift() * Math.max(1, track.exhaustAt - now));
        if (escalates || (intervalPassed && (severity != track.severity || moved))) {
            track.severity = severity;
            track.exhaustAt = newExhaustAt;
            track.projectedTo = newExhaustAt < 0 ? null : projectedTo;
            track.lastEmit = now;
            events.add(event(Transition.UPDATED, track, slopePerHour, secondsToExhaustion,
                    finding.confidence(), finding.pattern(), now, null));
        }
    }

    private void checkGrowthStopped(ResourceTrack track, int scale, long now, List<IncidentEvent> events) {
        Optional<TrendFit> fit = judge.fit(track, scale);
        if (fit.isPresent() && fit.get().slopePerSecond() >= settings.resolveSlopeRatio() * track.openingSlopePerSecond) {
            track.growthSeenAt = now;
            return;
        }
        long quietMillis = settings.scales().get(scale).window().toMillis() / 2;
        if (now - track.growthSeenAt < quietMillis) {
            return;
        }
        long exhaustedValue = headroomValue(track);
        boolean atLimit = track.limit != Reading.NO_LIMIT && exhaustedValue >= NEAR_LIMIT * track.limit;
        String reason = atLimit
                ? "stopped growing at its limit (" + exhaustedValue + " of " + track.limit + "): the resource is exhausted"
                : "growth stopped for " + minutes(now - track.growthSeenAt) + " min";
        resolve(track, now, reason, events);
        if (!atLimit) {
            closeRelated(track);
        }
    }

    /**
     * A resolved resource is not reopened in its incarnation, and neither are the resources its
     * incident held as related: when their climb resumes after the growth stopped, it is the same
     * pattern coming back (the next day's rise), not a second leak. Not after a resource stopped at
     * its limit: what it consumed may go on climbing for reasons of its own.
     */
    private void closeRelated(ResourceTrack resolved) {
        for (ResourceTrack related : tracks.values()) {
            if ((resolved.relatedMask & bit(related.resource)) != 0 && related.phase == ResourceTrack.IncidentPhase.NONE) {
                related.phase = ResourceTrack.IncidentPhase.RESOLVED;
            }
        }
    }

    /**
     * Resolves every open incident because the process is gone, and ends this incarnation: later
     * samples for it are ignored. {@code why} says how absence was noticed.
     */
    public List<IncidentEvent> exit(long decidedAt, String why) {
        List<IncidentEvent> events = new ArrayList<>(1);
        for (ResourceTrack track : tracks.values()) {
            if (track.isOpen()) {
                resolve(track, decidedAt, why + nearLimitNote(track), events);
            }
        }
        ended = true;
        return events;
    }

    /**
     * What the process was close to when last seen: the limit the incident projected to (memory, for
     * threads that were running it out), else its own; empty when it was near neither.
     */
    private String nearLimitNote(ResourceTrack track) {
        ResourceTrack projected = track.projectedTo == null ? null : tracks.get(track.projectedTo);
        for (ResourceTrack limited : projected == null ? List.of(track) : List.of(projected, track)) {
            long value = headroomValue(limited);
            if (limited.limit != Reading.NO_LIMIT && value >= NEAR_LIMIT * limited.limit) {
                return "; it was at " + value + " of its " + (limited == track ? "" : limited.resource + " ") + "limit "
                        + limited.limit + " when last seen: probably "
                        + (limited.resource == LeakResource.MEMORY_RSS ? "OOM-killed" : "failed at its limit");
            }
        }
        return "";
    }

    private void resolve(ResourceTrack track, long now, String reason, List<IncidentEvent> events) {
        track.phase = ResourceTrack.IncidentPhase.RESOLVED;
        events.add(event(Transition.RESOLVED, track, track.openingSlopePerSecond * 3600.0, -1, 1.0, "RESOLVED", now, reason));
    }

    /** Remembers what the process is called, for the incidents resolved after it is gone. */
    public void label(ProcessLabels newLabels) {
        if (!newLabels.equals(labels)) {
            this.labels = newLabels;
            this.encodedLabels = null;
            this.savedLabelsAt = -1;
        }
    }

    public ProcessLabels labels() {
        return labels;
    }

    public boolean hasOpenIncidents() {
        for (ResourceTrack track : tracks.values()) {
            if (track.isOpen()) {
                return true;
            }
        }
        return false;
    }

    public boolean hasEnded() {
        return ended;
    }

    /** The ring of one resource at one scale, or null while the resource was never read (tests look inside). */
    BucketRing ring(LeakResource resource, int scale) {
        ResourceTrack track = tracks.get(resource);
        return track == null ? null : track.rings[scale];
    }

    public long lastSeen() {
        return lastSeen;
    }

    public boolean isOpen(LeakResource resource) {
        ResourceTrack track = tracks.get(resource);
        return track != null && track.isOpen();
    }

    /** The open incident of sockets or threads with OPEN_FDS among its related resources, if there is one. */
    private ResourceTrack openIncidentHoldingFds() {
        for (LeakResource resource : FD_HOLDERS) {
            ResourceTrack track = tracks.get(resource);
            if (track != null && track.isOpen() && (track.relatedMask & bit(LeakResource.OPEN_FDS)) != 0) {
                return track;
            }
        }
        return null;
    }

    private ResourceTrack openSocketIncident() {
        for (LeakResource socket : SOCKET_STATES) {
            ResourceTrack track = tracks.get(socket);
            if (track != null && track.isOpen()) {
                return track;
            }
        }
        return null;
    }

    /** The socket state whose growth accounts for the fds' growth at the finding's scale, if any. */
    private Optional<ResourceTrack> socketExplaining(Finding fdFinding, long now) {
        ResourceTrack best = null;
        double bestSlope = settings.socketShareOfFds() * fdFinding.fit().slopePerSecond();
        Boolean fdsLeakedBefore = null;
        for (LeakResource socket : SOCKET_STATES) {
            ResourceTrack track = tracks.get(socket);
            if (track == null || track.phase == ResourceTrack.IncidentPhase.RESOLVED) {
                continue;
            }
            if (fdsLeakedBefore == null) {
                fdsLeakedBefore = held.leakedBefore(LeakResource.OPEN_FDS, tracks.get(LeakResource.OPEN_FDS).limit, now);
            }
            if (fdsLeakedBefore && !held.leakedBefore(socket, track.limit, now)) {
                // the previous incarnation leaked fds, not these sockets: the same leak is back, and
                // sockets that climb beside it (a pool filling after the start) do not explain it
                continue;
            }
            Optional<TrendFit> fit = judge.fitBeside(track, fdFinding);
            if (fit.isPresent() && fit.get().slopePerSecond() >= bestSlope) {
                best = track;
                bestSlope = fit.get().slopePerSecond();
            }
        }
        return Optional.ofNullable(best);
    }

    /** Threads that climb clearly at the same scale are the root cause of memory or fd growth. */
    private boolean threadsGrow(Finding consequence) {
        ResourceTrack threads = tracks.get(LeakResource.THREADS);
        return judge.fitBeside(threads, consequence).filter(fit -> climbsClearly(fit, LeakResource.THREADS)).isPresent();
    }

    /** A positive slope, significant (t statistic), by at least the resource's least growth across the fit. */
    private boolean climbsClearly(TrendFit fit, LeakResource resource) {
        return fit.slopePerSecond() > 0 && fit.tStatistic() >= settings.minTStatistic()
                && fit.slopePerSecond() * fit.spanSeconds() >= settings.minGrowthOf(resource);
    }

    private boolean fdsGrowWith(Finding socketFinding) {
        ResourceTrack fds = tracks.get(LeakResource.OPEN_FDS);
        if (fds == null) {
            return false;
        }
        Optional<TrendFit> fit = judge.fitBeside(fds, socketFinding);
        return fit.isPresent() && fit.get().slopePerSecond() >= settings.socketShareOfFds() * socketFinding.fit().slopePerSecond();
    }

    /** Seconds until the track reaches its limit at the fit's slope, as the judge projects it; -1 when it never does. */
    private long secondsToLimit(ResourceTrack track, TrendFit fit) {
        if (track.limit == Reading.NO_LIMIT || fit.slopePerSecond() <= 0) {
            return -1;
        }
        return TrendJudge.secondsToLimit(track.limit, headroomValue(track), fit.slopePerSecond());
    }

    /** Sockets run into the fd limit, so their headroom is measured on the fd count. */
    private long headroomValue(ResourceTrack track) {
        if (SOCKET_STATES.contains(track.resource)) {
            ResourceTrack fds = tracks.get(LeakResource.OPEN_FDS);
            if (fds != null) {
                return fds.lastValue;
            }
        }
        return track.lastValue;
    }

    private IncidentEvent event(Transition transition, ResourceTrack track, double slopePerHour, long secondsToExhaustion,
                                double confidence, String pattern, long now, String reason) {
        Set<LeakResource> related = EnumSet.noneOf(LeakResource.class);
        for (LeakResource resource : LeakResource.values()) {
            if ((track.relatedMask & bit(resource)) != 0) {
                related.add(resource);
            }
        }
        LeakResource exhausts = secondsToExhaustion < 0 ? null : track.projectedTo;
        return new IncidentEvent(transition, track.resource, related, now, slopePerHour, track.lastValue, track.limit,
                secondsToExhaustion, exhausts, confidence, transition == Transition.RESOLVED ? track.severity
                : settings.severityFor(secondsToExhaustion), pattern, Hints.forResource(track.resource), reason);
    }

    private static long exhaustAt(long now, long secondsToExhaustion) {
        return secondsToExhaustion < 0 ? -1 : now + secondsToExhaustion * 1000;
    }

    private static int bit(LeakResource resource) {
        return 1 << resource.ordinal();
    }

    private static String minutes(long millis) {
        return String.format(Locale.ROOT, "%d", millis / 60_000);
    }

    /** Compact binary form for a state store. The array is kept, to copy from at the next save: it must not be changed. */
    public byte[] toBytes() {
        ByteBuffer out = workspace.encodeBuffer();
        out.put(FORMAT_VERSION);
        out.put((byte) (ended ? 1 : 0));
        VarInts.writeSigned(out, lastSeen);
        int labelsAt = out.position();
        if (savedLabelsAt >= 0) {
            out.put(lastSaved, savedLabelsAt, labelsLength);
        } else {
            if (encodedLabels == null) {
                encodedLabels = labels.encoded();
            }
            out.put(encodedLabels);
            labelsLength = encodedLabels.length;
        }
        out.put((byte) tracks.size());
        for (ResourceTrack track : tracks.values()) {
            track.writeTo(out, lastSaved);
        }
        byte[] bytes = new byte[out.position()];
        out.flip();
        out.get(bytes);
        lastSaved = bytes;
        savedLabelsAt = labelsAt;
        encodedLabels = null;
        for (ResourceTrack track : tracks.values()) {
            track.saved();
        }
        return bytes;
    }

    static ProcessDetector fromBytes(byte[] data, DetectorSettings settings, Workspace workspace) {
        ByteBuffer in = ByteBuffer.wrap(data);
        byte version = in.get();
        if (version < OLDEST_READABLE_VERSION || version > FORMAT_VERSION) {
            throw new IllegalArgumentException("unknown process-state format " + version + " (expected " + OLDEST_READABLE_VERSION
                    + " to " + FORMAT_VERSION + ")");
        }
        ProcessDetector detector = new ProcessDetector(settings, workspace);
        detector.ended = in.get() == 1;
        detector.lastSeen = VarInts.readSigned(in);
        int labelsAt = in.position();
        detector.labels = ProcessLabels.readFrom(in);
        detector.lastSaved = data; // labels are written alike in every format
        detector.savedLabelsAt = labelsAt;
        detector.labelsLength = in.position() - labelsAt;
        int count = in.get();
        for (int i = 0; i < count; i++) {
            ResourceTrack track = ResourceTrack.readFrom(in, settings.scales(), version);
            detector.tracks.put(track.resource, track);
        }
        return detector;
    }
}
