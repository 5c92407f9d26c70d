package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.wire.MessageId;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the simulator's invariants are checked against: every message each node's person sent,
 * to whom, and what became of it; what each node showed. Violations are collected as they
 * happen (after the step that caused them), and {@link #quiesced} checks that nothing was lost
 * silently once the run is quiet. A ring of recent happenings goes into the failure message.
 */
final class SimLedger {
    private record Key(MessageId id, PeerId to) {}

    private final SimNetwork network;
    private final Map<MessageId, SimNode> senderOf = new HashMap<>();
    private final Map<Key, SimNode> expected = new LinkedHashMap<>();
    private final Map<Key, String> outcomes = new HashMap<>();
    private final Map<PeerId, Set<MessageId>> received = new HashMap<>();
    private final Map<PeerId, Set<MessageId>> shown = new HashMap<>();
    private final List<String> violations = new ArrayList<>();
    private final ArrayDeque<Traced> recent = new ArrayDeque<>();
    int sentCount;
    int deliveredCount;
    int undeliveredCount;

    SimLedger(SimNetwork network) {
        this.network = network;
    }

    /** A hash of everything traced, in order: two runs with equal fingerprints did the same things at the same times. */
    long fingerprint = 17;

    void trace(String line) {
        long now = network.scheduler.now();
        fingerprint = (fingerprint * 31 + now) * 31 + line.hashCode();
        if (recent.size() == 60) recent.poll();
        recent.add(new Traced(now, line));
        if (PRINT) System.out.println(recent.getLast());
    }

    /** {@code -Dsim.trace=true}: every step is printed as it happens (for a replayed seed). */
    private static final boolean PRINT = Boolean.getBoolean("sim.trace");

    private record Traced(long nanos, String line) {
        @Override
        public String toString() {
            return String.format(java.util.Locale.ROOT, "%9.3fs %s", nanos / 1e9, line);
        }
    }

    private void violation(String what) {
        trace("VIOLATION " + what);
        violations.add(what);
    }

    void sent(SimNode from, Delivery.Accepted accepted) {
        sentCount++;
        senderOf.put(accepted.id(), from);
        trace(from + " sends " + shortId(accepted.id()) + " to " + accepted.recipients().stream().map(network::name).toList());
        for (PeerId to : accepted.recipients()) {
            if (to.equals(from.id)) violation(from + " is a recipient of its own message");
            expected.put(new Key(accepted.id(), to), from);
        }
        // A full outbox is reported with the sending, not as a later event (Delivery.Accepted).
        for (PeerId to : accepted.outboxFull()) {
            undeliveredCount++;
            outcome(from, new Key(accepted.id(), to), "undelivered outbox_full");
        }
    }

    void event(SimNode at, MeshEvent event) {
        switch (event) {
            case MeshEvent.ChatReceived chat -> {
                trace(at + " receives " + shortId(chat.id()) + " from " + network.name(chat.from()));
                if (!received.computeIfAbsent(at.id, k -> new HashSet<>()).add(chat.id())) {
                    violation(at + " was handed message " + shortId(chat.id()) + " twice");
                }
                SimNode sender = senderOf.get(chat.id());
                if (sender == null || !sender.id.equals(chat.from())) {
                    violation(at + " received " + shortId(chat.id()) + " as from " + network.name(chat.from()) + ", who never sent it");
                }
            }
            case MeshEvent.Delivered d -> {
                deliveredCount++;
                outcome(at, new Key(d.id(), d.to()), "delivered");
                if (!shown.getOrDefault(d.to(), Set.of()).contains(d.id())) {
                    violation(at + " counts " + shortId(d.id()) + " delivered to " + network.name(d.to()) + ", which never showed it");
                }
            }
            case MeshEvent.Undelivered u -> {
                undeliveredCount++;
                outcome(at, new Key(u.id(), u.to()), "undelivered " + u.reason().code());
            }
            case MeshEvent.PeerUp up -> trace(at + " peer_up " + network.name(up.peerId()) + " " + up.direction().code());
            case MeshEvent.PeerDown down -> trace(at + " peer_down " + network.name(down.peerId()) + " " + down.reason().code());
            case MeshEvent.DuplicateLink dup -> trace(at + " duplicate " + network.name(dup.peerId()) + " kept " + dup.kept());
            case MeshEvent.Rejected r -> trace(at + " rejected " + r.address() + " " + r.reason().code());
            default -> {}
        }
    }

    private void outcome(SimNode at, Key key, String what) {
        trace(at + " " + what + " " + shortId(key.id) + " to " + network.name(key.to));
        String before = outcomes.putIfAbsent(key, what);
        if (before != null) {
            violation(at + " reported " + shortId(key.id) + " to " + network.name(key.to) + " twice: " + before + ", then " + what);
        }
        SimNode sender = senderOf.get(key.id);
        if (sender != null && sender != at) violation(at + " reported on " + shortId(key.id) + ", which " + sender + " sent");
    }

    void shown(SimNode at, MeshEvent.ChatReceived chat) {
        shown.computeIfAbsent(at.id, k -> new HashSet<>()).add(chat.id());
    }

    /** The node's process ended: what it had not heard back about can no longer be reported (nor need be). */
    void died(SimNode node) {
        expected.values().removeIf(sender -> sender == node);
    }

    /** After the quiet end of a run: every message of a live sender has an outcome for each recipient. */
    void quiesced() {
        int missing = 0;
        String first = null;
        for (Map.Entry<Key, SimNode> e : expected.entrySet()) {
            if (!outcomes.containsKey(e.getKey())) {
                missing++;
                if (first == null) first = e.getValue() + "'s " + shortId(e.getKey().id) + " to " + network.name(e.getKey().to);
            }
        }
        if (missing > 0) violation(missing + " message(s) neither delivered nor reported undelivered, e.g. " + first);
        for (Key k : outcomes.keySet()) {
            SimNode sender = senderOf.get(k.id);
            if (sender != null && sender.isAlive() && !expected.containsKey(k)) {
                violation("an outcome for " + shortId(k.id) + " to " + network.name(k.to) + ", which was not a recipient");
            }
        }
    }

    void check(String what, boolean holds) {
        if (!holds) violation(what);
    }

    List<String> violations() {
        return violations;
    }

    String recent() {
        return String.join("\n", recent.stream().map(Traced::toString).toList());
    }

    private static String shortId(MessageId id) {
        byte[] b = id.bytes();
        return "#" + Integer.toHexString(0x10000 | (b[0] & 0xff) << 8 | (b[1] & 0xff)).substring(1);
    }
}
