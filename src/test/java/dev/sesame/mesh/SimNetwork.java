package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.CloseReason;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.transport.PipeSource;
import dev.sesame.transport.TransportException;
import dev.sesame.util.ReasonCode;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.Set;

/**
 * The simulated network: which node listens at each address now, the connections between them,
 * dials (a delay, then both sides get an authenticated connection as {@code Connector} would
 * hand it over, or the dialler gets a typed failure), partitions that heal, crashes and
 * restarts. All time is the {@link SimScheduler}'s and all chance the one seeded {@link Random}.
 */
final class SimNetwork {
    /** How long a link waits in silence before its read times out, in the model. */
    private static final long SILENCE_MIN_NANOS = 15_000_000_000L;

    final SimScheduler scheduler = new SimScheduler();
    final Random random;
    final SimLedger ledger;
    private final List<SimNode> current = new ArrayList<>();
    private final List<List<HostPort>> configured = new ArrayList<>();
    final Map<PeerId, SimNode> everyone = new HashMap<>();
    final List<SimConnection> connections = new ArrayList<>();
    private final Set<SimConnection.End> stalled = new LinkedHashSet<>();
    private boolean[] sideB = new boolean[0];
    private boolean partitioned;
    private int partitionEpoch;
    private long nextLinkId = 1;
    private int incarnations;

    SimNetwork(Random random) {
        this.random = random;
        this.ledger = new SimLedger(this);
    }

    static String hostOf(int slot) {
        return "10.77.0." + (slot + 1);
    }

    static int portOf(int slot) {
        return 7001 + slot;
    }

    static HostPort addressOf(int slot) {
        return new HostPort(hostOf(slot), portOf(slot));
    }

    /** Starts a node in {@code slot} (first start or restart), with a fresh PeerId. */
    SimNode boot(int slot, List<HostPort> peers) {
        while (configured.size() <= slot) {
            configured.add(List.of());
            current.add(null);
        }
        configured.set(slot, List.copyOf(peers));
        byte[] id = new byte[PeerId.BYTES];
        random.nextBytes(id);
        int incarnation = (int) everyone.values().stream().filter(n -> n.slot == slot).count();
        SimNode node = new SimNode(this, slot, incarnation, new PeerId(id), configured.get(slot));
        incarnations++;
        current.set(slot, node);
        everyone.put(node.id, node);
        ledger.trace("boot " + node);
        node.start();
        return node;
    }

    SimNode restart(int slot) {
        return boot(slot, configured.get(slot));
    }

    /** The process ends at once: no goodbye, nothing more runs; its connections end as the OS closes them. */
    void crash(SimNode node) {
        if (!node.isAlive()) return;
        ledger.trace("crash " + node);
        node.loop.close();
        for (SimConnection c : connections) {
            if (c.a.node == node) c.a.nodeDied();
            if (c.b.node == node) c.b.nodeDied();
        }
        ledger.died(node);
    }

    List<SimNode> nodes() {
        return current;
    }

    List<SimNode> alive() {
        return current.stream().filter(n -> n != null && n.isAlive()).toList();
    }

    int incarnations() {
        return incarnations;
    }

    String name(PeerId id) {
        SimNode n = everyone.get(id);
        return n == null ? "?" : n.toString();
    }

    // ---------------------------------------------------------------- the model's randomness

    /** One message's time on the wire: mostly a few ms, sometimes much more (the link races others). */
    long messageDelay() {
        long ms = random.nextInt(10) < 8 ? 1 + random.nextInt(40) : 50 + random.nextInt(400);
        return ms * 1_000_000L;
    }

    long smallDelay() {
        return (1 + random.nextInt(50)) * 1_000_000L;
    }

    // ---------------------------------------------------------------- partitions

    boolean reachable(SimNode x, SimNode y) {
        return !partitioned || sideB[x.slot] == sideB[y.slot];
    }

    boolean isPartitioned() {
        return partitioned;
    }

    /** Splits the nodes into those in {@code b} and the rest; links across time out unless it heals first. */
    void partition(boolean[] b) {
        heal();
        sideB = b.clone();
        partitioned = true;
        int epoch = ++partitionEpoch;
        ledger.trace("partition " + java.util.Arrays.toString(b));
        for (SimConnection c : List.copyOf(connections)) {
            for (SimConnection.End end : List.of(c.a, c.b)) {
                if (end.isClosed() || reachable(c.a.node, c.b.node)) continue;
                long silence = SILENCE_MIN_NANOS + random.nextInt(15_000) * 1_000_000L;
                scheduler.after(silence, () -> {
                    if (partitioned && partitionEpoch == epoch && !end.isClosed()) end.failLater(CloseReason.TIMEOUT);
                });
            }
        }
    }

    void heal() {
        if (!partitioned) return;
        partitioned = false;
        ledger.trace("heal");
        List<SimConnection.End> resume = List.copyOf(stalled);
        stalled.clear();
        for (SimConnection.End end : resume) end.resume();
    }

    /** A direction of {@code end}'s connection waits for the network (or for the far side to start). */
    void stalled(SimConnection.End end) {
        stalled.add(end);
    }

    // ---------------------------------------------------------------- loss

    /** Breaks one open connection (TCP delivers or the connection drops). */
    void breakOne() {
        List<SimConnection> open = connections.stream().filter(c -> !c.a.isClosed() && !c.b.isClosed()).toList();
        if (open.isEmpty()) return;
        SimConnection c = open.get(random.nextInt(open.size()));
        ledger.trace("break " + c.a.node + "-" + c.b.node);
        c.breakDown();
    }

    /** Forgets connections whose both ends are closed (so the list stays as long as the open ones). */
    void prune() {
        connections.removeIf(c -> c.a.isClosed() && c.b.isClosed());
        stalled.removeIf(end -> end.inFlight() == 0 || end.far.isClosed()); // a closed end's FIN may still be waiting
    }

    // ---------------------------------------------------------------- dials

    /** Plays one dial of {@code from}'s {@code target}: after a delay, a connection or a typed failure. */
    void dial(SimNode from, DialTarget target) {
        Endpoint endpoint = target.endpoint;
        scheduler.after(smallDelay(), () -> {
            if (!from.isAlive()) return;
            SimNode callee = listenerAt(endpoint);
            if (callee == null) {
                fail(from, target, TransportException.Reason.REFUSED);
            } else if (!reachable(from, callee)) {
                scheduler.after(Limits.TCP_CONNECT_TIMEOUT.toNanos(), () -> fail(from, target, TransportException.Reason.TIMEOUT));
            } else {
                handshake(from, target, callee);
            }
        });
    }

    private SimNode listenerAt(Endpoint endpoint) {
        if (!(endpoint instanceof Endpoint.Direct(HostPort hp))) return null;
        for (SimNode n : current) {
            if (n != null && n.isAlive() && n.host.equals(hp.host()) && n.port == hp.port()) return n;
        }
        return null;
    }

    private void handshake(SimNode from, DialTarget target, SimNode callee) {
        PipeSource source = PipeSource.Address.of(InetAddress.ofLiteral(from.host));
        if (!(callee.admission.admitIncoming(source) instanceof AdmissionControl.Admitted(AdmissionTicket ticket))) {
            fail(from, target, TransportException.Reason.REFUSED);
            return;
        }
        long handshakeTime = (20 + random.nextInt(300)) * 1_000_000L;
        scheduler.after(handshakeTime, () -> {
            if (!from.isAlive() || !callee.isAlive() || !reachable(from, callee)) {
                ticket.close();
                fail(from, target, TransportException.Reason.TIMEOUT);
                return;
            }
            SimConnection c = new SimConnection(this, nextLinkId++, nextLinkId++, from, callee);
            connections.add(c);
            ledger.trace("connect " + from + "->" + callee + " links " + c.a.id() + "/" + c.b.id());
            // The two ends finish their handshakes at slightly different times.
            scheduler.after(smallDelay(), () -> {
                boolean posted = callee.loop.post(() -> callee.links.adopt(candidate(c.b), MeshEvent.Direction.IN, null, ticket));
                if (!posted) c.b.nodeDied();
            });
            scheduler.after(smallDelay(), () -> {
                boolean posted = from.loop.post(() -> {
                    target.dialing = false;
                    from.links.adopt(candidate(c.a), MeshEvent.Direction.OUT, target, null);
                });
                if (!posted) c.a.nodeDied();
            });
        });
    }

    private void fail(SimNode from, DialTarget target, ReasonCode reason) {
        from.loop.post(() -> {
            target.dialing = false;
            from.discovery.dialState(target, MeshEvent.DialPhase.FAILED, Optional.of(reason));
            from.discovery.dialFailed(target);
        });
    }

    /** What {@code Connector} hands the mesh for one end: the far node's HELLO and the pipe as seen from here. */
    private LinkCandidate candidate(SimConnection.End end) {
        SimNode far = end.far.node;
        return new LinkCandidate() {
            @Override
            public PeerId peerId() {
                return far.id;
            }

            @Override
            public PipeSource source() {
                return PipeSource.Address.of(InetAddress.ofLiteral(far.host));
            }

            @Override
            public String label() {
                return end.label();
            }

            @Override
            public Optional<String> remoteHost() {
                return Optional.of(far.host);
            }

            @Override
            public List<Endpoint> peerEndpoints() {
                return far.ownEndpoints();
            }

            @Override
            public MessageLink open(MessageLink.Listener listener) {
                end.open(listener);
                return end;
            }

            @Override
            public void refuse() {
                end.abandon();
            }
        };
    }
}
