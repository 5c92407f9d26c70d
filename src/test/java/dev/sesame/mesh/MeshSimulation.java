package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.link.MessageLink;
import dev.sesame.link.PeerId;
import dev.sesame.wire.HostPort;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Random;

/**
 * One seeded run of the mesh simulator (docs/ARCHITECTURE.md, "Testing"): 3 to 8 nodes chat
 * while the network delays, reorders across links, breaks links, partitions and heals, and
 * nodes crash, leave and restart; then the faults stop, everyone comes back, and the run goes
 * quiet for longer than the delivery timeout. Invariants are checked after every step, and at
 * the end. The seed alone decides everything: {@link #run} with the same seed replays it exactly.
 */
final class MeshSimulation {
    static final long SECOND = 1_000_000_000L;
    /** How long the faults and the chatting last. */
    static final long CHAOS_NANOS = 150 * SECOND;
    /** Quiet time after the chaos: more than the delivery timeout, which is more than the longest backoff twice. */
    static final long QUIET_NANOS = Limits.DEFAULT_DELIVERY_TIMEOUT.toNanos() + 20 * SECOND;

    /** What one run found; {@link #violations} is empty when every invariant held. */
    record Outcome(long seed, int nodes, long steps, int sent, int delivered, int undelivered, long fingerprint,
                   List<String> violations, String recent) {
        boolean passed() {
            return violations.isEmpty();
        }
    }

    private final long seed;
    private final Random random;
    private final SimNetwork network;
    private final long start;
    private final long chaosEnd;
    private int said;

    private MeshSimulation(long seed) {
        this.seed = seed;
        this.random = new Random(seed);
        this.network = new SimNetwork(random);
        this.start = network.scheduler.now();
        this.chaosEnd = start + CHAOS_NANOS;
    }

    static Outcome run(long seed) {
        return new MeshSimulation(seed).play();
    }

    private Outcome play() {
        int n = 3 + random.nextInt(6);
        // Either everyone has everyone's address (docs/USAGE.md, "a group that meets regularly"), or
        // each has one or two earlier members' and finds the rest through PEERS.
        boolean fullLists = random.nextBoolean();
        for (int slot = 0; slot < n; slot++) {
            List<HostPort> peers = new ArrayList<>();
            if (fullLists) {
                for (int other = 0; other < n; other++) if (other != slot) peers.add(SimNetwork.addressOf(other));
            } else {
                if (slot > 0) peers.add(SimNetwork.addressOf(random.nextInt(slot))); // everyone is reachable from 0
                if (slot > 1 && random.nextBoolean()) {
                    HostPort another = SimNetwork.addressOf(random.nextInt(slot));
                    if (!peers.contains(another)) peers.add(another);
                }
            }
            network.boot(slot, peers);
        }
        every(1_500, this::chat);
        every(8_000, network::breakOne);
        every(40_000, this::partition);
        every(50_000, this::crash);
        // GOODBYE stops every dial to the leaver's address for good (docs/PROTOCOL.md §7), so with
        // partial lists a member whose only --peer left would rightly stay alone: leaving is
        // simulated with full lists only.
        if (fullLists) every(120_000, this::leave);
        every(10_000, network::prune);
        network.scheduler.at(chaosEnd, this::calm);

        long end = chaosEnd + QUIET_NANOS;
        boolean bounds = !Boolean.getBoolean("sim.noBounds");
        while (network.scheduler.step(end)) {
            if (bounds) checkBounds();
            if (!network.ledger.violations().isEmpty()) break;
        }
        if (network.ledger.violations().isEmpty()) {
            network.ledger.quiesced();
            checkOneLinkPerPair();
        }
        SimLedger l = network.ledger;
        return new Outcome(seed, n, network.scheduler.steps(), l.sentCount, l.deliveredCount, l.undeliveredCount,
                l.fingerprint, List.copyOf(l.violations()), l.recent());
    }

    /** Runs {@code fault} at random times, {@code meanMillis} apart on average, until the chaos ends. */
    private void every(int meanMillis, Runnable fault) {
        long gap = (long) (-Math.log(1 - random.nextDouble()) * meanMillis * 1_000_000L);
        long at = network.scheduler.now() + Math.max(1, gap);
        if (at >= chaosEnd) return;
        network.scheduler.at(at, () -> {
            fault.run();
            every(meanMillis, fault);
        });
    }

    private void chat() {
        List<SimNode> alive = network.alive();
        if (alive.isEmpty()) return;
        SimNode from = alive.get(random.nextInt(alive.size()));
        Optional<PeerId> to = Optional.empty();
        if (random.nextInt(5) == 0) {
            List<PeerId> linked = from.peers.all().stream().filter(PeerEntry::linked).map(e -> e.id).sorted().toList();
            if (!linked.isEmpty()) to = Optional.of(linked.get(random.nextInt(linked.size())));
        }
        Duration ttl = random.nextInt(7) == 0 ? Duration.ofSeconds(5 + random.nextInt(30)) : Duration.ZERO;
        from.say("m" + said++, ttl, to);
    }

    private void partition() {
        int n = network.nodes().size();
        boolean[] b = new boolean[n];
        for (int i = 0; i < n; i++) b[i] = random.nextBoolean();
        network.partition(b);
        long heal = (5 + random.nextInt(45)) * SECOND;
        network.scheduler.after(heal, () -> {
            if (network.scheduler.now() < chaosEnd) network.heal();
        });
    }

    private void crash() {
        List<SimNode> alive = network.alive();
        if (alive.size() < 2) return;
        SimNode victim = alive.get(random.nextInt(alive.size()));
        network.crash(victim);
        restartLater(victim.slot, (1 + random.nextInt(30)) * SECOND);
    }

    private void leave() {
        List<SimNode> alive = network.alive();
        if (alive.size() < 2) return;
        SimNode leaver = alive.get(random.nextInt(alive.size()));
        network.ledger.trace("leave " + leaver);
        leaver.leave();
        // The process exits once its goodbyes are flushed (Mesh.leave's bound), then starts again later.
        network.scheduler.after(Limits.GOODBYE_FLUSH_TIMEOUT.toNanos() + 200_000_000L, () -> network.crash(leaver));
        restartLater(leaver.slot, (5 + random.nextInt(30)) * SECOND);
    }

    private void restartLater(int slot, long delay) {
        network.scheduler.after(delay, () -> {
            SimNode now = network.nodes().get(slot);
            if (network.scheduler.now() < chaosEnd && !now.isAlive()) network.restart(slot);
        });
    }

    /** The chaos ends: the network heals and every node that is down starts again. */
    private void calm() {
        network.ledger.trace("calm");
        network.heal();
        for (int slot = 0; slot < network.nodes().size(); slot++) {
            SimNode node = network.nodes().get(slot);
            if (!node.isAlive()) network.restart(slot);
            else if (node.isLeaving()) {
                network.crash(node); // it was about to exit anyway
                network.restart(slot);
            }
        }
    }

    /**
     * No queue or table grows without bound: each against its limit (docs/SECURITY.md, "Failure
     * policy"). Queues are checked on every node after every step; a node's tables change only in
     * its own loop's tasks, so they are checked after each step that ran one.
     */
    private void checkBounds() {
        SimLedger ledger = network.ledger;
        for (SimNode node : network.nodes()) {
            if (node == null || !node.isAlive()) continue;
            ledger.check(node + ": mesh queue over Limits.MAX_MESH_QUEUE", node.loop.queued() <= Limits.MAX_MESH_QUEUE);
            ledger.check(node + ": messages waiting to be shown over Limits.MAX_UNSHOWN_MESSAGES",
                    node.unshown <= Limits.MAX_UNSHOWN_MESSAGES);
            if (node.loop == network.scheduler.ranOn) checkTables(node);
        }
    }

    private void checkTables(SimNode node) {
        SimLedger ledger = network.ledger;
        // Timers: the tick, one backoff or first-dial delay per dial target, one per message being shown.
        int targets = node.configuredCount() + node.discovery.candidateCount();
        ledger.check(node + ": " + node.loop.timers() + " timers for " + targets + " dial targets",
                node.loop.timers() <= 1 + targets + node.unshown);
        ledger.check(node + ": peer table larger than the members that ever ran",
                node.peers.size() < network.incarnations() && node.peers.size() <= Limits.MAX_REMEMBERED_PEERS);
        ledger.check(node + ": announced candidates over Limits.MAX_KNOWN_CANDIDATES",
                node.discovery.candidateCount() <= Limits.MAX_KNOWN_CANDIDATES);
        ledger.check(node + ": more links than Limits.DEFAULT_MAX_PEERS", node.links.all().size() <= Limits.DEFAULT_MAX_PEERS);
        for (PeerEntry peer : node.peers.all()) {
            ledger.check(node + ": outbox over Limits.MAX_OUTBOX_PER_PEER", peer.outbox.size() <= Limits.MAX_OUTBOX_PER_PEER);
        }
    }

    /** Once the network has healed and gone quiet: every pair of live nodes shares exactly one open link. */
    private void checkOneLinkPerPair() {
        List<SimNode> alive = network.alive();
        for (SimNode x : alive) {
            for (SimNode y : alive) {
                if (x == y) continue;
                List<MessageLink> open = x.links.all().stream().filter(l -> l.isOpen() && l.peerId().equals(y.id)).toList();
                PeerEntry entry = x.peers.get(y.id);
                if (open.size() != 1 || entry == null || !entry.linked()) {
                    network.ledger.check(x + " has " + open.size() + " open link(s) to " + y
                            + (entry != null && entry.linked() ? "" : " and does not count it linked"), false);
                    continue;
                }
                SimConnection.End mine = (SimConnection.End) open.getFirst();
                if (mine.far.node != y || !y.links.all().contains(mine.far)) {
                    network.ledger.check(x + "'s link to " + y + " is not one " + y + " holds", false);
                }
            }
        }
    }
}
