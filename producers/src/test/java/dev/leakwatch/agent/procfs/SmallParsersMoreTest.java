package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The environment, passwd and auxiliary vector parsers. */
class SmallParsersMoreTest {

    @ParameterizedTest(name = "{1}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture               | variable          | value
            host-b/30586/environ    | SERVICE_VERSION   | 2.3.1
            host-b/30586/environ    | PATH              | /usr/bin:/bin
            """)
    void findsVariablesInTheEnvironmentAProcessStartedWith(String fixture, String name, String value) {
        assertThat(EnvironParser.lookup(Fixtures.text(fixture), name)).contains(value);
    }

    @Test
    void findsNoVariableThatIsAbsentEmptyOrOnlyAPrefixOfAnother() {
        final String environ = "SERVICE_VERSION_OLD=1\0EMPTY=\0PATH=/bin\0";

        assertThat(EnvironParser.lookup(environ, "SERVICE_VERSION")).isEmpty();
        assertThat(EnvironParser.lookup(environ, "EMPTY")).isEmpty();
        assertThat(EnvironParser.lookup(environ, "MISSING")).isEmpty();
        assertThat(EnvironParser.lookup("A=1", "A")).contains("1");
        assertThat(EnvironParser.lookup("", "A")).isEmpty();
    }

    @Test
    void readsUserNamesByUidAndSkipsLinesThatDoNotParse() {
        final String passwd = """
                root:x:0:0:root:/root:/bin/bash
                # a comment
                www-data:x:33:33:www-data:/var/www:/usr/sbin/nologin
                broken line
                nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
                alias:x:33:33::/:/bin/false
                odd:x:notanumber:0::/:/bin/false
                """;

        assertThat(PasswdParser.namesByUid(passwd)).containsOnly(
                java.util.Map.entry(0, "root"), java.util.Map.entry(33, "www-data"), java.util.Map.entry(65534, "nobody"));
    }

    @Test
    void findsThePageSizeInTheAuxiliaryVector() {
        final ByteBuffer auxv = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
        auxv.putLong(33).putLong(0x7fff0000L).putLong(AuxvParser.AT_PAGESZ).putLong(65536).putLong(0).putLong(0);

        assertThat(AuxvParser.pageSize(auxv.array(), 8, ByteOrder.LITTLE_ENDIAN)).hasValue(65536);
        assertThat(AuxvParser.pageSize(new byte[0], 8, ByteOrder.LITTLE_ENDIAN)).isEmpty();
    }

    @Test
    void refusesAPageSizeThatIsNoPowerOfTwo() {
        final ByteBuffer auxv = ByteBuffer.allocate(32).order(ByteOrder.BIG_ENDIAN);
        auxv.putInt((int) AuxvParser.AT_PAGESZ).putInt(5000).putInt(0).putInt(0);

        assertThat(AuxvParser.pageSize(auxv.array(), 4, ByteOrder.BIG_ENDIAN)).isEmpty();
    }

    @Test
    void thisJvmsPageSizeIsAPowerOfTwoOfAtLeast4KiB() {
        final int pageSize = PageSize.detect(ProcFiles.system());

        assertThat(pageSize).isGreaterThanOrEqualTo(4096);
        assertThat(Integer.bitCount(pageSize)).isOne();
        assertThat(PageSize.detect(new DenyingProcFiles())).as("falls back when auxv cannot be read").isEqualTo(PageSize.FALLBACK);
    }

    /** Test double: every read is refused, as for an agent without access to its own auxv (which does not happen on Linux). */
    private static final class DenyingProcFiles implements ProcFiles {
        @Override
        public String read(Path file) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }

        @Override
        public String readPrefix(Path file, int maxBytes) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }

        @Override
        public byte[] readRange(Path file, long offset, int length) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }

        @Override
        public java.io.InputStream open(Path file) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(file.toString());
        }

        @Override
        public java.util.List<String> list(Path directory) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(directory.toString());
        }

        @Override
        public String readLink(Path link) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(link.toString());
        }

        @Override
        public java.nio.file.attribute.BasicFileAttributes attributes(Path path) throws java.io.IOException {
            throw new java.nio.file.AccessDeniedException(path.toString());
        }

        @Override
        public boolean exists(Path path) {
            return true;
        }
    }
}
