package dev.leakwatch.agent.procfs;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Optional;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class CgroupNamesTest {
    private static final String ID = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef";

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # runtime                     | cgroup path
            docker, cgroupfs driver       | /docker/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            docker, systemd driver        | /system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope
            kubernetes, cgroupfs driver   | /kubepods/burstable/pod7c4e1f2a-1b2c-4d5e-8f90-123456789abc/0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef
            containerd under kubelet      | /kubepods.slice/kubepods-burstable.slice/kubepods-burstable-pod7c4e1f2a_1b2c.slice/cri-containerd-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope
            cri-o                         | /kubepods.slice/kubepods-besteffort.slice/crio-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope
            podman                        | /machine.slice/libpod-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope
            a process nested in a container | /system.slice/docker-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope/init.scope
            """)
    void findsTheContainerIdThatRuntimesPutInCgroupPaths(String runtime, String path) {
        assertThat(CgroupNames.containerId(path)).contains(ID);
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            # case                        | cgroup path
            the root                      | /
            a systemd service             | /system.slice/nginx.service
            a user session                | /user.slice/user-1000.slice/session-3.scope
            cri-o's monitor, not the container | /kubepods.slice/crio-conmon-0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef.scope
            an id too short               | /docker/0123456789abcdef
            upper-case hex                | /docker/0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF0123456789ABCDEF
            """)
    void findsNoContainerWhereThereIsNone(String why, String path) {
        assertThat(CgroupNames.containerId(path)).isEmpty();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', quoteCharacter = '"', textBlock = """
            # cgroup path                                      | service
            /system.slice/nginx.service                        | nginx
            /system.slice/getty@tty1.service                   | getty
            /system.slice/system-postgresql.slice/postgresql@15-main.service | postgresql
            /system.slice/dev-mapper-vg\\x2droot.service        | dev-mapper-vg-root
            /system.slice/capped.slice/leaf.service            | leaf
            /system.slice/nginx.service/worker                 | nginx
            """)
    void namesTheSystemdServiceAProcessRunsIn(String path, String service) {
        assertThat(CgroupNames.systemdService(path)).contains(service);
    }

    @Test
    void findsNoServiceOutsideSystemdServices() {
        assertThat(CgroupNames.systemdService("/user.slice/user-1000.slice/session-3.scope")).isEmpty();
        assertThat(CgroupNames.systemdService("/.service")).isEmpty();
        assertThat(CgroupNames.systemdService("/")).isEmpty();
    }

    @Test
    void identifiesAProcessByItsUnifiedPathThenSystemdsThenMemorys() {
        final CgroupPaths hybrid = CgroupParser.parse("9:name=systemd:/system.slice/app.service\n4:memory:/system.slice/app.service\n0::/\n");
        final CgroupPaths unified = CgroupParser.parse(Fixtures.text("host-a/1001/cgroup"));
        final CgroupPaths container = CgroupParser.parse(Fixtures.text("host-a/1004/cgroup"));

        assertThat(hybrid.identifying()).contains("/system.slice/app.service");
        assertThat(hybrid.systemdService()).contains("app");
        assertThat(unified.identifying()).contains("/system.slice/odd.service");
        assertThat(container.containerId()).contains(ID);
        assertThat(CgroupParser.parse("0::/\n").identifying()).contains("/");
        assertThat(new CgroupPaths(Optional.empty(), Optional.empty()).identifying()).isEmpty();
    }
}
