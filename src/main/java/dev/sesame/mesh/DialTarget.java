package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import dev.sesame.wire.Endpoint;
import dev.sesame.wire.HostPort;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * An endpoint we dial: one the person gave with {@code --peer} (redialled for the whole run), or
 * one a peer announced (dialled while the peer is believed alive). Confined to the mesh thread.
 */
final class DialTarget {
    final Optional<HostPort> configured;
    /** For an announced target: the id that was announced for it. */
    final Optional<PeerId> announcedId;
    final Backoff backoff;
    /** The endpoint dialled next. */
    Endpoint endpoint;
    /** Who answered here last time. */
    Optional<PeerId> answeredBy = Optional.empty();
    /**
     * For an announced target: every endpoint announced for its id, with who announced it, so
     * that one lying announcer cannot hide a peer behind a false endpoint. Bounded.
     */
    final Map<Endpoint, Set<PeerId>> candidates = new LinkedHashMap<>();
    boolean dialing;
    boolean scheduled;
    /** A member present at a relay (docs/PROTOCOL.md §12): dialled while the relay lists it. */
    boolean present;
    /** Never dial again: the peer said goodbye, or the announcement proved false. */
    boolean stopped;
    long lastLinkedNanos;
    /** What the person sees about this target (issue 11): the phase, the last failure, when the next attempt is due. */
    MeshEvent.DialPhase phase = MeshEvent.DialPhase.IDLE;
    Optional<dev.sesame.util.ReasonCode> lastFailure = Optional.empty();
    long nextAttemptNanos;
    /** Bumped by {@code /retry}: a backoff timer from before it does nothing. */
    int epoch;

    private DialTarget(Optional<HostPort> configured, Optional<PeerId> announcedId, Endpoint endpoint,
                       RandomGenerator random) {
        this.configured = configured;
        this.announcedId = announcedId;
        this.endpoint = endpoint;
        this.backoff = new Backoff(random);
    }

    static DialTarget configured(HostPort hostPort, RandomGenerator random) {
        // A typed .onion name is an onion endpoint: tor's to reach, never resolved here.
        Endpoint endpoint = Endpoint.Onion.fromHostPort(hostPort).<Endpoint>map(o -> o).orElseGet(() -> new Endpoint.Direct(hostPort));
        return new DialTarget(Optional.of(hostPort), Optional.empty(), endpoint, random);
    }

    /** A member a relay says is present, that we are the one to dial. */
    static DialTarget present(Endpoint endpoint, RandomGenerator random) {
        DialTarget target = new DialTarget(Optional.empty(), Optional.empty(), endpoint, random);
        target.present = true;
        return target;
    }

    static DialTarget announced(PeerId id, Endpoint endpoint, RandomGenerator random) {
        DialTarget target = new DialTarget(Optional.empty(), Optional.of(id), endpoint, random);
        target.candidates.put(endpoint, new HashSet<>());
        return target;
    }

    static final int MAX_CANDIDATE_ADDRESSES = 4;

    /** Notes that {@code announcer} lists this target at {@code at}. */
    void announcedBy(PeerId announcer, Endpoint at) {
        Set<PeerId> who = candidates.get(at);
        if (who == null) {
            if (candidates.size() >= MAX_CANDIDATE_ADDRESSES) return;
            who = new HashSet<>();
            candidates.put(at, who);
        }
        who.add(announcer);
    }

    void forgetAnnouncer(PeerId announcer) {
        for (Set<PeerId> who : candidates.values()) who.remove(announcer);
    }

    /** Everyone who currently announces this target, at any endpoint. */
    Set<PeerId> announcers() {
        Set<PeerId> all = new HashSet<>();
        for (Set<PeerId> who : candidates.values()) all.addAll(who);
        return all;
    }

    /** Moves on to the next announced endpoint (after a failed dial). */
    void nextAddress() {
        List<Endpoint> all = new ArrayList<>(candidates.keySet());
        if (all.size() < 2) return;
        int at = all.indexOf(endpoint);
        endpoint = all.get((at + 1) % all.size());
    }

    /** The endpoint dialled next, or one of the candidates, is a direct one. */
    boolean hasDirect() {
        return endpoint instanceof Endpoint.Direct || candidates.keySet().stream().anyMatch(Endpoint.Direct.class::isInstance);
    }

    /** Moves on to the next direct candidate unless the endpoint dialled next is direct already. */
    void moveToDirect() {
        if (endpoint instanceof Endpoint.Direct) return;
        List<Endpoint> all = new ArrayList<>(candidates.keySet());
        int at = all.indexOf(endpoint);
        for (int step = 1; step <= all.size(); step++) {
            Endpoint next = all.get(Math.floorMod(at + step, all.size()));
            if (next instanceof Endpoint.Direct) {
                endpoint = next;
                return;
            }
        }
    }

    /** This endpoint answered with someone else: drop it; false when no endpoint is left. */
    boolean dropAddress() {
        candidates.remove(endpoint);
        if (candidates.isEmpty()) return false;
        endpoint = candidates.keySet().iterator().next();
        return true;
    }

    String label() {
        return configured.map(HostPort::toString).orElseGet(endpoint::toString);
    }
}
