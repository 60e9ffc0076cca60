package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThatCode;

import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Random and truncated content for every parser: a parser may reject its input, but only with
 * {@link MalformedProcFileException}, which the sampler counts; nothing else may escape. Inputs are
 * mutations of captured files (cut short, bytes flipped, delimiters and huge numbers inserted) and
 * plain noise, from a fixed seed so that a failure can be replayed.
 */
class ParserFuzzTest {
    private static final int ROUNDS = 1500;
    private static final long SEED = 0x1eac4a7c4L;
    private static final String DELIMITERS = "()\n\0: \t[]-=@/.";
    private static final String[] HUGE = {"99999999999999999999999", "-1", "18446744073709551615", "9223372036854775807", "-9223372036854775808",
        "0x1F", "1e9", "\u0663"};

    static Stream<Arguments> parsers() {
        return Stream.of(
                text("stat", "host-a/1000/stat", StatParser::parse),
                text("stat of a kernel thread", "host-a/14/stat", StatParser::parse),
                text("statm", "host-a/1000/statm", s -> StatmParser.parse(s, 4096)),
                text("status", "host-a/1000/status", StatusParser::parse),
                text("limits", "host-a/1000/limits", LimitsParser::softMaxOpenFiles),
                text("cgroup", "host-a/1000/cgroup", s -> {
                    final CgroupPaths paths = CgroupParser.parse(s);
                    paths.containerId();
                    paths.systemdService();
                }),
                text("cgroup names", "host-a/1004/cgroup", s -> {
                    CgroupNames.containerId(s);
                    CgroupNames.systemdService(s);
                }),
                text("cmdline", "host-a/1000/cmdline", s -> CmdlineParser.parse(s, 16)),
                text("meminfo", "host-a/meminfo", MeminfoParser::memTotalBytes),
                text("/proc/stat", "host-a/stat", KernelStatParser::bootTimeSeconds),
                text("memory.max", "cgroup-a/system.slice/capped.slice/memory.max", CgroupLimitParser::memoryMax),
                text("memory.limit_in_bytes", "cgroup-a/memory/kubepods/memory.limit_in_bytes", CgroupLimitParser::limitInBytes),
                text("net/tcp", "host-b/30589/net/tcp", s -> SocketTableParser.parse(s, (state, inode) -> { })),
                text("net/tcp6", "host-b/30586/net/tcp6", s -> SocketTableParser.parse(s, (state, inode) -> { })),
                text("net/unix", "host-b/30586/net/unix", s -> UnixSocketTableParser.parse(s, inode -> { })),
                text("environ", "host-b/30586/environ", s -> EnvironParser.lookup(s, "SERVICE_VERSION")),
                literal("fd link", "socket:[125497]", LinkTargets::socketInode),
                literal("ns link", "net:[4026531833]", LinkTargets::netNamespaceInode),
                literal("sockstat", "sockets: used 9\nTCP: inuse 3 orphan 0 tw 2 alloc 4 mem 1\nUDP: inuse 1 mem 0\n",
                        s -> SockstatParser.value(s, "TCP", "tw")),
                literal("sockstat6", "TCP6: inuse 4\nUDP6: inuse 0\n", s -> SockstatParser.value(s, "TCP6", "inuse")),
                literal("passwd", "root:x:0:0:root:/root:/bin/bash\nnobody:x:65534:65534::/:/bin/false\n", PasswdParser::namesByUid),
                Arguments.of("auxv", auxvSeed(), (Consumer<String>) s -> AuxvParser.pageSize(bytes(s), 8, ByteOrder.LITTLE_ENDIAN)),
                Arguments.of("elf", elfSeed(), (Consumer<String>) ParserFuzzTest::parseElf));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("parsers")
    void letsNothingButMalformedProcFileExceptionEscape(String name, String seed, Consumer<String> parser) {
        final Random random = new Random(SEED ^ name.hashCode());
        for (int round = 0; round < ROUNDS; round++) {
            final String input = mutate(seed, random);
            final int replay = round;
            assertThatCode(() -> {
                try {
                    parser.accept(input);
                } catch (MalformedProcFileException rejected) {
                    // the one way a parser may say no
                }
            }).as("%s, round %d, input %s", name, replay, printable(input)).doesNotThrowAnyException();
        }
    }

    private static String mutate(String seed, Random random) {
        return switch (random.nextInt(6)) {
            case 0 -> seed.substring(0, random.nextInt(seed.length() + 1));
            case 1 -> flip(seed, random, 1 + random.nextInt(8));
            case 2 -> insert(seed, random, String.valueOf(DELIMITERS.charAt(random.nextInt(DELIMITERS.length()))).repeat(1 + random.nextInt(3)));
            case 3 -> insert(seed, random, HUGE[random.nextInt(HUGE.length)]);
            case 4 -> noise(random, random.nextInt(300));
            default -> replaceToken(seed, random);
        };
    }

    private static String flip(String seed, Random random, int times) {
        final char[] chars = seed.toCharArray();
        for (int i = 0; i < times && chars.length > 0; i++) {
            chars[random.nextInt(chars.length)] = (char) random.nextInt(256);
        }
        return new String(chars);
    }

    private static String insert(String seed, Random random, String what) {
        final int at = random.nextInt(seed.length() + 1);
        return seed.substring(0, at) + what + seed.substring(at);
    }

    private static String replaceToken(String seed, Random random) {
        final String[] tokens = seed.split(" ", -1);
        tokens[random.nextInt(tokens.length)] = HUGE[random.nextInt(HUGE.length)];
        return String.join(" ", tokens);
    }

    private static String noise(Random random, int length) {
        final StringBuilder out = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            out.append(random.nextBoolean() ? DELIMITERS.charAt(random.nextInt(DELIMITERS.length())) : (char) random.nextInt(0x250));
        }
        return out.toString();
    }

    private static Arguments text(String name, String fixture, Consumer<String> parser) {
        return Arguments.of(name, Fixtures.text(fixture), parser);
    }

    private static Arguments literal(String name, String seed, java.util.function.Function<String, ?> parser) {
        return Arguments.of(name, seed, (Consumer<String>) parser::apply);
    }

    /** Binary inputs travel as ISO-8859-1 text, one char per byte, so that the same mutations apply. */
    private static byte[] bytes(String text) {
        return text.getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String auxvSeed() {
        final java.nio.ByteBuffer auxv = java.nio.ByteBuffer.allocate(48).order(ByteOrder.LITTLE_ENDIAN);
        auxv.putLong(33).putLong(1).putLong(6).putLong(4096).putLong(0).putLong(0);
        return new String(auxv.array(), StandardCharsets.ISO_8859_1);
    }

    private static String elfSeed() {
        final java.nio.ByteBuffer out = java.nio.ByteBuffer.allocate(256).order(ByteOrder.LITTLE_ENDIAN);
        out.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1});
        out.position(0x20).putLong(64);
        out.position(0x36).putShort((short) 56).putShort((short) 1);
        out.position(64).putInt(4);
        out.position(64 + 8).putLong(128);
        out.position(64 + 0x20).putLong(24);
        out.position(128).putInt(4).putInt(4).putInt(3).put(new byte[] {'G', 'N', 'U', 0}).putInt(0xCAFEBABE);
        return new String(out.array(), StandardCharsets.ISO_8859_1);
    }

    /** The whole build-id path over one buffer standing for the file. */
    private static void parseElf(String text) {
        final byte[] file = bytes(text);
        ElfBuildId.header(java.util.Arrays.copyOf(file, Math.min(file.length, ElfBuildId.HEADER_BYTES))).ifPresent(elf -> {
            final ElfBuildId.Range headers = elf.programHeaders();
            final List<ElfBuildId.Range> notes = new ArrayList<>(elf.notes(range(file, headers.offset(), headers.length())));
            for (ElfBuildId.Range note : notes) {
                elf.buildId(range(file, note.offset(), note.length()));
            }
        });
    }

    /** What readRange returns: the bytes there are, fewer at the end of the file. */
    private static byte[] range(byte[] file, long offset, int length) {
        if (offset >= file.length || offset < 0) {
            return new byte[0];
        }
        return java.util.Arrays.copyOfRange(file, (int) offset, (int) Math.min(file.length, offset + length));
    }

    private static String printable(String input) {
        final String shown = input.length() > 200 ? input.substring(0, 200) + "..." : input;
        return shown.replace("\0", "\\0").replace("\n", "\\n");
    }
}
