package dev.sesame.tor;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code strace} of the socket calls that reach another host ({@code connect}, {@code sendto},
 * {@code sendmsg} with an address): what a no-leak check needs. DNS shows as port 53 or as the
 * nscd / systemd-resolved sockets; a direct connection as any address other than tor's ports.
 */
final class ConnectTrace {
    private static final Pattern FAMILY = Pattern.compile("sa_family=(AF_\\w+)");
    private static final Pattern PORT = Pattern.compile("sin6?_port=htons\\((\\d+)\\)");
    private static final Pattern V4 = Pattern.compile("inet_addr\\(\"([^\"]+)\"\\)");
    private static final Pattern V6 = Pattern.compile("inet_pton\\(AF_INET6, \"([^\"]+)\"");
    private static final List<String> RESOLVER_FILES = List.of("\"/etc/hosts\"", "\"/etc/resolv.conf\"", "\"/etc/host.conf\"",
            "\"/etc/gai.conf\"", "\"/run/systemd/resolve");
    private static final Pattern UNIX = Pattern.compile("sun_path=\"([^\"]*)\"");

    private ConnectTrace() {}

    static List<String> prefix(Path log) {
        return List.of("strace", "-f", "-qq", "--seccomp-bpf", "-e", "trace=connect,sendto,sendmsg,open,openat", "-o", log.toString());
    }

    /** Every traced call that is not a connection to one of {@code allowedPorts} on 127.0.0.1. */
    static List<String> leaks(Path log, Set<Integer> allowedPorts) throws IOException {
        List<String> leaks = new ArrayList<>();
        for (String line : Files.readAllLines(log)) {
            // A name lookup reads these first (nsswitch "files", then DNS): the resolver at work.
            if ((line.contains("open(") || line.contains("openat(")) && RESOLVER_FILES.stream().anyMatch(line::contains)) {
                leaks.add(line);
                continue;
            }
            Matcher family = FAMILY.matcher(line);
            if (!family.find()) continue; // no address: a send on a connected socket
            switch (family.group(1)) {
                case "AF_INET", "AF_INET6" -> {
                    Matcher port = PORT.matcher(line);
                    Matcher v4 = V4.matcher(line);
                    Matcher v6 = V6.matcher(line);
                    String host = v4.find() ? v4.group(1) : v6.find() ? v6.group(1) : "?";
                    boolean loopback = host.equals("127.0.0.1") || host.equals("::ffff:127.0.0.1");
                    if (!port.find() || !loopback || !allowedPorts.contains(Integer.parseInt(port.group(1)))) leaks.add(line);
                }
                case "AF_UNIX" -> {
                    Matcher path = UNIX.matcher(line);
                    String p = path.find() ? path.group(1) : "";
                    // glibc asks nscd for the user name at JVM start (java -version does too); with no
                    // nscd running (ENOENT) nothing was asked. A connected nscd could answer a host lookup.
                    boolean unanswered = line.contains("= -1 ENOENT") || line.contains("= -1 ECONNREFUSED");
                    if ((p.contains("nscd") && !unanswered) || p.contains("resolve") || p.contains("dbus")) leaks.add(line);
                }
                case "AF_NETLINK", "AF_UNSPEC" -> { } // the kernel, not the network
                default -> leaks.add(line);
            }
        }
        return leaks;
    }

    /** How many calls reached tor's ports: a trace that saw none did not trace anything. */
    static long connectsTo(Path log, int port) throws IOException {
        return Files.readAllLines(log).stream().filter(l -> l.contains("connect(") && l.contains("htons(" + port + ")")).count();
    }
}
