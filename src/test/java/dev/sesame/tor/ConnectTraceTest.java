package dev.sesame.tor;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The no-leak detector of {@link TorNetworkIT} catches what it must (so that its silence means something). */
class ConnectTraceTest {
    @TempDir Path dir;

    @Test
    void flagsDnsDirectConnectionsAndResolverFilesButNotTorsPorts() throws Exception {
        Path log = dir.resolve("trace.log");
        Files.write(log, List.of(
                "1 connect(8, {sa_family=AF_INET6, sin6_port=htons(23060), sin6_flowinfo=htonl(0), inet_pton(AF_INET6, \"::ffff:127.0.0.1\", &sin6_addr), sin6_scope_id=0}, 28) = 0",
                "1 connect(9, {sa_family=AF_INET, sin_port=htons(23040), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "1 connect(4, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = -1 ENOENT (No such file or directory)",
                "1 connect(5, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"10.0.0.1\")}, 16) = 0",
                "1 sendto(5, \"abc\", 3, 0, {sa_family=AF_INET, sin_port=htons(53), sin_addr=inet_addr(\"127.0.0.53\")}, 16) = 3",
                "1 connect(6, {sa_family=AF_INET, sin_port=htons(9000), sin_addr=inet_addr(\"127.0.0.1\")}, 16) = 0",
                "1 connect(7, {sa_family=AF_INET, sin_port=htons(23040), sin_addr=inet_addr(\"192.0.2.1\")}, 16) = 0",
                "1 openat(AT_FDCWD, \"/etc/resolv.conf\", O_RDONLY|O_CLOEXEC) = 4",
                "1 connect(4, {sa_family=AF_UNIX, sun_path=\"/var/run/nscd/socket\"}, 110) = 0"));
        List<String> leaks = ConnectTrace.leaks(log, Set.of(23060, 23040));
        assertThat(leaks).hasSize(6);
        assertThat(leaks).noneMatch(l -> l.contains("htons(23060)") || l.contains("ENOENT"));
        assertThat(ConnectTrace.connectsTo(log, 23060)).isOne();
    }
}
