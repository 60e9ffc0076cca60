package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class MeminfoParserTest {

    @Test
    void readsMemTotalInBytesFromACapturedMeminfo() {
        assertThat(MeminfoParser.memTotalBytes(Fixtures.text("host-a/meminfo"))).isEqualTo(Fixtures.HOST_A_MEM_TOTAL_BYTES);
    }

    @Test
    void rejectsAMeminfoWithoutMemTotal() {
        assertThatThrownBy(() -> MeminfoParser.memTotalBytes(Fixtures.text("malformed/meminfo-no-memtotal")))
                .isInstanceOf(MalformedProcFileException.class)
                .hasMessageContaining("no MemTotal");
    }

    @Test
    void rejectsAMemTotalInAnotherUnit() {
        assertThatThrownBy(() -> MeminfoParser.memTotalBytes("MemTotal:       24 GB\n"))
                .isInstanceOf(MalformedProcFileException.class);
    }
}
