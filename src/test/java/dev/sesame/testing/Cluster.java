package dev.sesame.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.function.IntFunction;

/** Several real nodes at once, for mesh tests. Closes them all. */
public final class Cluster implements AutoCloseable {
    public static final String PHRASE = "open sesame";
    private final List<SesameProcess> nodes = new ArrayList<>();

    public List<SesameProcess> nodes() {
        return nodes;
    }

    public SesameProcess get(int i) {
        return nodes.get(i);
    }

    public int size() {
        return nodes.size();
    }

    public SesameProcess add(String label, String... args) {
        SesameProcess node = SesameProcess.start(label, PHRASE, args);
        nodes.add(node);
        return node;
    }

    /** Starts {@code count} nodes at the same instant, node i with {@code args.apply(i)}. */
    public List<SesameProcess> startTogether(int count, IntFunction<String[]> args) {
        List<CompletableFuture<SesameProcess>> starting = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int index = i;
            starting.add(CompletableFuture.supplyAsync(() -> SesameProcess.start("node" + index, PHRASE, args.apply(index))));
        }
        List<SesameProcess> started = starting.stream().map(CompletableFuture::join).toList();
        nodes.addAll(started);
        return started;
    }

    /** Waits until every node has seen a peer_up from every other node. */
    public void awaitFullMesh(Duration timeout) {
        for (SesameProcess node : nodes) {
            for (SesameProcess other : nodes) {
                if (other == node || !other.process().isAlive()) continue;
                String id = other.peerId();
                node.awaitSince(0, e -> "peer_up".equals(e.path("event").asText()) && id.equals(e.path("peer_id").asText()),
                        timeout);
            }
        }
    }

    /** The distinct peer ids a node lists with {@code /peers} right now. */
    public static Set<String> linkedPeers(SesameProcess node) {
        int mark = node.mark();
        node.send("/peers");
        JsonNode peers = node.awaitSince(mark, e -> "peers".equals(e.path("event").asText()), Duration.ofSeconds(10));
        Set<String> ids = new HashSet<>();
        peers.path("peers").forEach(p -> ids.add(p.path("peer_id").asText()));
        return ids;
    }

    public static int freePort() {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A free port below Linux's ephemeral range (32768 and up), for a test that dials a port
     * before anyone listens there: a port from {@link #freePort} can meanwhile become the source
     * port of some outgoing connection, and then the listener started later cannot bind it.
     */
    public static int freePortBelowEphemeralRange() {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            int port = 20000 + random.nextInt(12000);
            try (ServerSocket socket = new ServerSocket(port)) {
                return socket.getLocalPort();
            } catch (IOException e) {
                // Taken: try another.
            }
        }
        throw new IllegalStateException("no free port between 20000 and 32000");
    }

    @Override
    public void close() {
        nodes.parallelStream().forEach(SesameProcess::close);
    }
}
