package dev.sesame.testing;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

/**
 * Network namespaces that a test makes for itself ({@code ip netns}), each with one TUN device
 * of a {@link TunRelay} moved into it and one address on 10.77.0.0/24 (which exists only inside
 * these namespaces). Deleted on {@link #close}. Needs root and iproute2.
 */
public final class NetNamespaces implements AutoCloseable {
    private final String prefix = "sesame-" + UUID.randomUUID().toString().substring(0, 6);
    private final List<String> made = new ArrayList<>();

    /**
     * Why namespaces cannot be made here, if they cannot: no {@code ip}, not root, no TUN, or the
     * kernel refuses. Tries once with a throwaway namespace.
     */
    public static Optional<String> unavailableBecause() {
        if (!new java.io.File("/dev/net/tun").exists()) return Optional.of("no /dev/net/tun on this machine");
        String probe = "sesame-probe-" + UUID.randomUUID().toString().substring(0, 6);
        Result add = run("ip", "netns", "add", probe);
        if (add.code() != 0) return Optional.of("cannot make a network namespace (`ip netns add`): " + add.output().strip());
        run("ip", "netns", "del", probe);
        return Optional.empty();
    }

    /** The device name (at most 15 characters) and namespace of host {@code index}. */
    public String device(int index) {
        return "sx" + prefix.substring(7) + index;
    }

    public String namespace(int index) {
        return prefix + "-" + index;
    }

    public static String address(int index) {
        return "10.77.0." + (index + 1);
    }

    /** Makes namespace {@code index}, moves the relay's device for it inside, gives it its address. */
    public void make(int index) {
        String ns = namespace(index);
        String dev = device(index);
        check(run("ip", "netns", "add", ns));
        made.add(ns);
        check(run("ip", "link", "set", dev, "netns", ns));
        check(run("ip", "-n", ns, "addr", "add", address(index) + "/24", "dev", dev));
        check(run("ip", "-n", ns, "link", "set", dev, "up"));
        check(run("ip", "-n", ns, "link", "set", "lo", "up"));
    }

    /** The command line that runs {@code command} inside namespace {@code index}. */
    public List<String> inside(int index, List<String> command) {
        List<String> line = new ArrayList<>(List.of("ip", "netns", "exec", namespace(index)));
        line.addAll(command);
        return line;
    }

    @Override
    public void close() {
        for (String ns : made) run("ip", "netns", "del", ns);
    }

    private record Result(int code, String output) {}

    private static void check(Result result) {
        if (result.code() != 0) throw new IllegalStateException("ip failed: " + result.output());
    }

    private static Result run(String... command) {
        try {
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            byte[] output = process.getInputStream().readAllBytes();
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
                return new Result(-1, "timed out: " + Arrays.toString(command));
            }
            return new Result(process.exitValue(), new String(output, StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }
}
