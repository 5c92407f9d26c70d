package dev.sesame.mesh;

import dev.sesame.link.PeerId;
import java.net.InetSocketAddress;
import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import java.util.random.RandomGenerator;

/**
 * An address we dial: one the person gave with {@code --peer} (redialled for the whole run), or
 * one a peer announced (dialled while the peer is believed alive). Confined to the mesh thread.
 */
final class DialTarget {
    final Optional<HostPort> configured;
    /** For an announced target: the id that was announced for it. */
    final Optional<PeerId> announcedId;
    final Backoff backoff;
    InetSocketAddress address;
    /** Who answered here last time. */
    Optional<PeerId> answeredBy = Optional.empty();
    /** Linked peers that currently announce this target. */
    final Set<PeerId> announcers = new HashSet<>();
    boolean dialing;
    boolean scheduled;
    /** Never dial again: the peer said goodbye, or the announcement proved false. */
    boolean stopped;
    long lastLinkedNanos;

    private DialTarget(Optional<HostPort> configured, Optional<PeerId> announcedId, InetSocketAddress address,
                       RandomGenerator random) {
        this.configured = configured;
        this.announcedId = announcedId;
        this.address = address;
        this.backoff = new Backoff(random);
    }

    static DialTarget configured(HostPort hostPort, RandomGenerator random) {
        return new DialTarget(Optional.of(hostPort), Optional.empty(), null, random);
    }

    static DialTarget announced(PeerId id, InetSocketAddress address, RandomGenerator random) {
        return new DialTarget(Optional.empty(), Optional.of(id), address, random);
    }

    String label() {
        return configured.map(HostPort::toString).orElseGet(() -> address.getAddress().getHostAddress() + ":" + address.getPort());
    }
}
