package dev.leakwatch.streams;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;

import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import dev.leakwatch.detect.DetectorSettings;
import dev.leakwatch.detect.LeakDetector;
import dev.leakwatch.detect.ProcessDetector;
import dev.leakwatch.detect.ProcessLabels;
import dev.leakwatch.replay.AvroBinarySerde;
import dev.leakwatch.schema.IncidentStatus;
import dev.leakwatch.schema.HostTick;
import dev.leakwatch.schema.LeakIncident;
import dev.leakwatch.schema.ProcessSample;
import dev.leakwatch.schema.Resource;
import dev.leakwatch.schema.Severity;
import dev.leakwatch.schema.TcpStateCounts;
import dev.leakwatch.topic.ProcessKey;
import dev.leakwatch.topic.Topic;
import dev.leakwatch.topic.TopicNames;

class LeakwatchTopologyTest {
    private static final long START = 1_767_225_600_000L;
    private static final long STEP = 15_000;

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, ProcessSample> samples;
    private TestInputTopic<String, HostTick> hostTicks;
    private TestOutputTopic<String, LeakIncident> incidents;
    private TestOutputTopic<String, ProcessSample> deadLetters;

    @BeforeEach
    void startDriver() {
        TopicNames names = TopicNames.defaults();
        Topic<String, ProcessSample> sampleTopic = new Topic<>(names.samples(), Serdes.String(), AvroBinarySerde.of(ProcessSample.class));
        Topic<String, HostTick> hostTickTopic = new Topic<>(names.hostTicks(), Serdes.String(), AvroBinarySerde.of(HostTick.class));
        Topic<String, LeakIncident> incidentTopic = new Topic<>(names.incidents(), Serdes.String(), AvroBinarySerde.of(LeakIncident.class));
        Topic<String, ProcessSample> deadLetterTopic = new Topic<>(names.deadLetters(), Serdes.String(), sampleTopic.valueSerde());
        Properties config = new Properties();
        config.put(StreamsConfig.APPLICATION_ID_CONFIG, "topology-test");
        config.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "unused:9092");
        config.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        driver = new TopologyTestDriver(LeakwatchTopology.build(sampleTopic,
                hostTickTopic, incidentTopic, deadLetterTopic,
                DetectorSettings.defaults()), config);
        samples = driver.createInputTopic(names.samples(), Serdes.String().serializer(), sampleTopic.valueSerde().serializer());
        hostTicks = driver.createInputTopic(names.hostTicks(), Serdes.String().serializer(), hostTickTopic.valueSerde().serializer());
        incidents = driver.createOutputTopic(names.incidents(), Serdes.String().deserializer(), incidentTopic.valueSerde().deserializer());
        deadLetters = driver.createOutputTopic(names.deadLetters(), Serdes.String().deserializer(), sampleTopic.valueSerde().deserializer());
    }

    @AfterEach
    void closeDriver() {
        driver.close();
    }

    @Test
    void opensOneFdIncidentForTheLeakingProcessAndNoneForTheHealthyOne() {
        for (int i = 0; i < 240; i++) {
            long now = START + i * STEP;
            pipe(sample("leaky", 4242, now, 300 + 3 * i));
            pipe(sample("steady", 4343, now, 300 + (i % 3)));
        }

        List<TestRecord<String, LeakIncident>> emitted = incidents.readRecordsToList();
        assertThat(emitted).hasSize(1);
        LeakIncident incident = emitted.get(0).value();
        assertThat(emitted.get(0).key()).isEqualTo(incident.getIncidentId());
        assertThat(incident.getIncidentId()).isEqualTo("web-17/4242/" + (START - 60_000) + "/OPEN_FDS");
        assertThat(incident.getStatus()).isEqualTo(IncidentStatus.OPENED);
        assertThat(incident.getResource()).isEqualTo(Resource.OPEN_FDS);
        assertThat(incident.getComm()).isEqualTo("leaky");
        assertThat(incident.getService()).isEqualTo("chat");
        assertThat(incident.getLimit()).isEqualTo(1024L);
        assertThat(incident.getSeverity()).isEqualTo(Severity.CRITICAL);
        assertThat(incident.getSlopePerHour()).isBetween(650.0, 790.0);
        long decidedAt = incident.getEventTime().toEpochMilli();
        assertThat(emitted.get(0).timestamp()).isEqualTo(decidedAt);
        assertThat(incident.getCurrentValue()).isEqualTo(300 + 3 * ((decidedAt - START) / STEP));
        assertThat(incident.getTimeToExhaustionSeconds()).isPositive();
    }

    @Test
    void resolvesTheIncidentWhenTheProcessDisappearsWhileItsHostKeepsReporting() {
        int i = 0;
        for (; i < 240; i++) {
            pipe(sample("leaky", 4242, START + i * STEP, 300 + 3 * i));
            pipe(sample("steady", 4343, START + i * STEP, 300));
        }
        for (; i < 280; i++) {
            pipe(sample("steady", 4343, START + i * STEP, 300));
        }
        List<LeakIncident> emitted = incidents.readValuesToList();
        assertThat(emitted).extracting(LeakIncident::getStatus).containsExactly(IncidentStatus.OPENED, IncidentStatus.RESOLVED);
        LeakIncident resolved = emitted.get(1);
        assertThat(resolved.getIncidentId()).isEqualTo(emitted.get(0).getIncidentId());
        assertThat(resolved.getReason()).startsWith("process exited or restarted");
        assertThat(resolved.getComm()).isEqualTo("leaky");
    }

    @Test
    void resolvesTheIncidentWhenItsHostFallsSilentWhileOthersKeepReporting() {
        int i = 0;
        for (; i < 240; i++) {
            pipe(sample("leaky", 4242, START + i * STEP, 300 + 3 * i));
        }
        long lastOfHost = START + (i - 1) * STEP;
        long day = 24 * 3_600_000L;
        for (long t = lastOfHost + 60_000; t <= lastOfHost + day + 30 * 60_000; t += 60_000) {
            ProcessSample other = sample("steady", 4343, t, 300);
            other.setHost("web-99");
            pipe(other);
        }
        List<LeakIncident> emitted = incidents.readValuesToList();
        assertThat(emitted).extracting(LeakIncident::getStatus).containsExactly(IncidentStatus.OPENED, IncidentStatus.RESOLVED);
        LeakIncident resolved = emitted.get(1);
        assertThat(resolved.getIncidentId()).isEqualTo(emitted.get(0).getIncidentId());
        assertThat(resolved.getReason()).startsWith("host web-17 sent nothing for 1440 min");
        assertThat(resolved.getEventTime().toEpochMilli()).isEqualTo(lastOfHost + day);
    }

    @Test
    void aRestartedProcessIsANewIncarnationWithItsOwnIncident() {
        for (int i = 0; i < 240; i++) {
            pipe(sample("leaky", 4242, START + i * STEP, 300 + 3 * i));
        }
        long restartedAt = START + 241 * STEP;
        for (int i = 0; i < 240; i++) {
            ProcessSample sample = sample("leaky", 4242, restartedAt + i * STEP, 300 + 3 * i);
            sample.setStartTime(Instant.ofEpochMilli(restartedAt));
            pipe(sample);
        }
        assertThat(incidents.readValuesToList()).filteredOn(i -> i.getStatus() == IncidentStatus.OPENED)
                .extracting(LeakIncident::getIncidentId).containsExactly(
                        "web-17/4242/" + (START - 60_000) + "/OPEN_FDS",
                        "web-17/4242/" + restartedAt + "/OPEN_FDS");
    }

    @Test
    void reportsACloseWaitPileUpAsOneIncidentWithOpenFdsRelated() {
        for (int i = 0; i < 240; i++) {
            ProcessSample sample = sample("chat_server", 4242, START + i * STEP, 100 + 2 * i);
            sample.setTcp(TcpStateCounts.newBuilder().setEstablished(40).setCloseWait(2 * i).setListen(1).build());
            pipe(sample);
        }
        List<LeakIncident> emitted = incidents.readValuesToList();
        assertThat(emitted).extracting(LeakIncident::getIncidentId).containsOnly(emitted.get(0).getIncidentId());
        assertThat(emitted).filteredOn(i -> i.getStatus() == IncidentStatus.OPENED).singleElement().satisfies(incident -> {
            assertThat(incident.getResource()).isEqualTo(Resource.TCP_CLOSE_WAIT);
            assertThat(incident.getRelatedResources()).containsExactly(Resource.OPEN_FDS);
            assertThat(incident.getLimit()).isEqualTo(1024L);
        });
    }

    @Test
    void reportsThreadsThatRunMemoryOutAsAThreadsIncidentProjectedToTheMemoryLimit() {
        // 10 threads a minute with 8 MiB each: the 4 GiB of memory run out long before 32768 threads
        for (int i = 0; i < 100; i++) {
            ProcessSample sample = sample("worker", 4242, START + i * STEP, 300);
            long threads = 100 + i * 10 / 4;
            sample.setThreads((int) threads);
            sample.setThreadLimit(32768L);
            sample.setRssBytes((1L << 30) + threads * (8L << 20));
            sample.setMemoryLimitBytes(4L << 30);
            pipe(sample);
        }
        List<LeakIncident> emitted = incidents.readValuesToList();
        assertThat(emitted).filteredOn(i -> i.getStatus() == IncidentStatus.OPENED).singleElement().satisfies(incident -> {
            assertThat(incident.getResource()).isEqualTo(Resource.THREADS);
            assertThat(incident.getRelatedResources()).containsExactly(Resource.MEMORY_RSS);
            assertThat(incident.getLimit()).as("the thread limit").isEqualTo(32768L);
            assertThat(incident.getExhausts()).isEqualTo(Resource.MEMORY_RSS);
            assertThat(incident.getTimeToExhaustionSeconds()).as("memory's, not the threads' (about two days)").isLessThan(3600L);
        });
    }

    @Test
    void sendsInvalidSamplesToTheDeadLetterTopicWithTheReasonAndKeepsGoing() {
        ProcessSample negative = sample("leaky", 4242, START, -5);
        pipe(negative);
        ProcessSample wrongKey = sample("leaky", 4242, START + STEP, 10);
        samples.pipeInput("web-17/1/1", wrongKey, START + STEP);
        pipe(sample("leaky", 4242, START + 2 * STEP, 10));
        ProcessSample future = sample("leaky", 4242, START + 400L * 24 * 3600 * 1000, 10);
        pipe(future);
        pipe(sample("leaky", 4242, START + 3 * STEP, 11));

        List<TestRecord<String, ProcessSample>> dead = deadLetters.readRecordsToList();
        assertThat(dead).hasSize(3);
        assertThat(reason(dead.get(0))).isEqualTo("fd_count is negative");
        assertThat(reason(dead.get(1))).contains("does not match the sample's identity");
        assertThat(reason(dead.get(2))).contains("ahead of the newest sample");
        assertThat(dead.get(0).value()).isEqualTo(negative);
    }

    @Test
    void hostTicksGiveTheSameIncidentsAsSingleSamples() {
        for (int i = 0; i < 240; i++) {
            long now = START + i * STEP;
            pipe(sample("leaky", 4242, now, 300 + 3 * i));
            pipe(sample("steady", 4343, now, 300 + (i % 3)));
        }
        List<LeakIncident> fromSamples = incidents.readValuesToList();
        assertThat(fromSamples).isNotEmpty();
        closeDriver();
        startDriver();

        for (int i = 0; i < 240; i++) {
            long now = START + i * STEP;
            pipeTick("web-17", now, sample("leaky", 4242, now, 300 + 3 * i), sample("steady", 4343, now, 300 + (i % 3)));
        }
        assertThat(incidents.readValuesToList()).isEqualTo(fromSamples);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void aSampleOfAnotherHostInsideATickGoesToTheDeadLetterTopicAloneAndTheRestAreJudged() {
        ProcessSample stray = sample("stray", 77, START, 10);
        stray.setHost("db-3");
        ProcessSample negative = sample("broken", 78, START, -1);
        ProcessSample good = sample("leaky", 4242, START, 300);
        pipeTick("web-17", START, stray, negative, good);
        for (int i = 1; i < 240; i++) {
            long now = START + i * STEP;
            pipeTick("web-17", now, sample("leaky", 4242, now, 300 + 3 * i));
        }

        List<TestRecord<String, ProcessSample>> dead = deadLetters.readRecordsToList();
        assertThat(dead).extracting(TestRecord::key).containsExactly(ProcessKey.of(stray), ProcessKey.of(negative));
        assertThat(reason(dead.get(0))).contains("sample of host db-3 inside a tick keyed by host web-17");
        assertThat(reason(dead.get(1))).isEqualTo("fd_count is negative");
        // each dead letter carries its own reason only, although the tick's samples came in one record
        assertThat(dead).allSatisfy(record -> assertThat(record.headers().headers(ValidateSamplesProcessor.REASON_HEADER)).hasSize(1));
        assertThat(incidents.readValuesToList()).extracting(LeakIncident::getComm).containsExactly("leaky");
    }

    @Test
    void aSuccessorWarmingUpToWherePredecessorLevelledOffOpensNoIncidentWhileAnotherProgramOfTheServiceDoes() {
        java.util.Random random = new java.util.Random(5);
        long minute = 60_000;
        long hour = 60 * minute;
        long firstStart = START;
        for (long t = firstStart; t < firstStart + 30 * hour; t += minute) {
            pipe(warmingUp("cache", 100, firstStart, t, random));
            pipe(sample("steady", 4343, t, 300));
        }
        long nextStart = firstStart + 30 * hour + 2 * minute;
        for (long t = nextStart; t < nextStart + 8 * hour; t += minute) {
            pipe(warmingUp("cache", 200, nextStart, t, random)); // the next incarnation of the same program
            pipe(warmingUp("cache-indexer", 300, nextStart, t, random)); // another program of the same service
            pipe(sample("steady", 4343, t, 300));
        }
        assertThat(incidents.readValuesToList()).filteredOn(i -> i.getStatus() == IncidentStatus.OPENED)
                .extracting(LeakIncident::getIncidentId).containsExactly(
                        "web-17/100/" + firstStart + "/MEMORY_RSS",
                        "web-17/300/" + nextStart + "/MEMORY_RSS");
    }

    @Test
    void aLeakBackInTheNextIncarnationIsReportedSoonerThanTheSameLeakInAProgramThatNeverHadIt() {
        long minute = 60_000;
        long firstStart = START;
        for (long t = firstStart; t < firstStart + 60 * minute; t += minute) {
            pipe(leakingFds("leaky", 100, firstStart, t));
            pipe(sample("steady", 4343, t, 300));
        }
        // the leaky program is restarted; its host keeps reporting, so its end is recorded on the way
        long nextStart = firstStart + 80 * minute;
        for (long t = firstStart + 60 * minute; t < nextStart; t += minute) {
            pipe(sample("steady", 4343, t, 300));
        }
        for (long t = nextStart; t < nextStart + 60 * minute; t += minute) {
            pipe(leakingFds("leaky", 200, nextStart, t)); // the same program: its leak is back
            pipe(leakingFds("fresh", 300, nextStart, t)); // another program of the service with the same leak, never seen leaking
            pipe(sample("steady", 4343, t, 300));
        }

        Map<Integer, Long> openedAfterStart = new java.util.HashMap<>();
        for (LeakIncident incident : incidents.readValuesToList()) {
            if (incident.getStatus() == IncidentStatus.OPENED) {
                openedAfterStart.put(incident.getPid(), incident.getEventTime().toEpochMilli() - incident.getStartTime().toEpochMilli());
            }
        }
        assertThat(openedAfterStart).containsOnlyKeys(100, 200, 300);
        assertThat(openedAfterStart.get(200)).as("the leak back, found from a few 15 s floors").isLessThanOrEqualTo(17 * minute)
                .isLessThan(openedAfterStart.get(300));
        assertThat(openedAfterStart.get(300)).as("the same climb without that history waits for the usual evidence")
                .isEqualTo(openedAfterStart.get(100)).isGreaterThan(20 * minute);
    }

    /** Fds from 200 climbing 10 a minute towards 1024 (about 80 minutes), sampled every minute. */
    private static ProcessSample leakingFds(String comm, int pid, long start, long t) {
        ProcessSample sample = sample(comm, pid, t, (int) (200 + 10 * (t - start) / 60_000));
        sample.setStartTime(Instant.ofEpochMilli(start));
        return sample;
    }

    /** 300 MiB and a cache filling at 80 MiB an hour up to 400 MiB, of a 1 GiB limit: a leak to the eye for five hours. */
    private static ProcessSample warmingUp(String comm, int pid, long start, long t, java.util.Random random) {
        ProcessSample sample = sample(comm, pid, t, 300);
        long mib = 1L << 20;
        sample.setStartTime(Instant.ofEpochMilli(start));
        sample.setRssBytes(300 * mib + Math.min(400 * mib, 80 * mib * (t - start) / 3_600_000) + (long) (random.nextGaussian() * 3 * mib));
        sample.setMemoryLimitBytes(1L << 30);
        return sample;
    }

    @Test
    void everyCommitLeavesEachProcessStateInTheChangelogAsAfterItsLastSample() {
        TestOutputTopic<String, byte[]> changelog = driver.createOutputTopic("topology-test-" + LeakwatchTopology.PROCESS_STORE
                + "-changelog", Serdes.String().deserializer(), Serdes.ByteArray().deserializer());
        LeakDetector reference = new LeakDetector(DetectorSettings.defaults());
        ProcessDetector expected = reference.newProcess();
        for (int i = 0; i < 50; i++) {
            ProcessSample sample = sample("leaky", 4242, START + i * STEP, 300 + 3 * i);
            pipe(sample); // the test driver commits after every input record, as StreamTask does (prepareCommit flushes caches)
            expected.label(new ProcessLabels(sample.getComm(), sample.getService(), sample.getVersion()));
            expected.observe(sample.getTimestamp().toEpochMilli(), SampleReadings.of(sample));

            List<TestRecord<String, byte[]>> written = changelog.readRecordsToList();
            assertThat(written).as("changelog records of commit %d", i).hasSize(1);
            assertThat(written.get(0).key()).isEqualTo(ProcessKey.of(sample));
            assertThat(written.get(0).value()).as("state after sample %d", i).isEqualTo(expected.toBytes());
        }
    }

    private void pipeTick(String host, long timestamp, ProcessSample... tickSamples) {
        hostTicks.pipeInput(host, HostTick.newBuilder().setHost(host).setTimestamp(Instant.ofEpochMilli(timestamp))
                .setSamples(List.of(tickSamples)).build(), timestamp);
    }

    private static String reason(TestRecord<String, ProcessSample> record) {
        return new String(record.headers().lastHeader(ValidateSamplesProcessor.REASON_HEADER).value(), StandardCharsets.UTF_8);
    }

    private void pipe(ProcessSample sample) {
        samples.pipeInput(ProcessKey.of(sample), sample, sample.getTimestamp());
    }

    private static ProcessSample sample(String comm, int pid, long timestamp, int fds) {
        return ProcessSample.newBuilder()
                .setHost("web-17")
                .setPid(pid)
                .setStartTime(Instant.ofEpochMilli(START - 60_000))
                .setTimestamp(Instant.ofEpochMilli(timestamp))
                .setComm(comm)
                .setService("chat")
                .setRssBytes(100L << 20)
                .setMemoryLimitBytes(8L << 30)
                .setFdCount(fds)
                .setFdLimit(1024L)
                .setThreads(8)
                .build();
    }
}
