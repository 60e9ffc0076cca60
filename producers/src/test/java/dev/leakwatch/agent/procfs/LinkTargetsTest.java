package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class LinkTargetsTest {

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # link target                 | socket inode
            socket:[125497]               | 125497
            socket:[0]                    | 0
            pipe:[20874]                  | -1
            anon_inode:[eventpoll]        | -1
            /dev/null                     | -1
            "/tmp/socket:[1] (deleted)"   | -1
            socket:[]                     | -1
            socket:[12a]                  | -1
            socket:[125497                | -1
            socket:[99999999999999999999] | -1
            """)
    void recognisesSocketLinksAndNothingElse(String target, long inode) {
        assertThat(LinkTargets.socketInode(target)).isEqualTo(inode);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # fixture               | network namespace inode
            host-b/30586/ns/net     | 4026531833
            host-b/30589/ns/net     | 4026532176
            host-a/1000/ns/net      | 4026531840
            """)
    void readsTheNetworkNamespaceOfCapturedProcesses(String fixture, long inode) throws Exception {
        assertThat(LinkTargets.netNamespaceInode(Files.readSymbolicLink(Fixtures.path(fixture)).toString())).isEqualTo(inode);
    }

    @ParameterizedTest
    @CsvSource({"mnt:[4026531841]", "net:[x]", "net:[]", "net:4026531833"})
    void rejectsWhatIsNotANetworkNamespaceLink(String target) {
        assertThat(LinkTargets.netNamespaceInode(target)).isEqualTo(-1);
    }
}
