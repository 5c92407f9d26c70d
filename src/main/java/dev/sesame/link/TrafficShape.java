package dev.sesame.link;

import dev.sesame.limits.Limits;
import java.time.Duration;

/**
 * How a link paces its cells. With cover traffic on, exactly one cell leaves every
 * {@code interval}: a queued one, or padding. With it off, cells leave as soon as they are
 * queued and an idle link sends a padding cell every {@link Limits#KEEPALIVE_INTERVAL}.
 */
public record TrafficShape(boolean cover, Duration interval, Duration minSilence) {
    /**
     * What TLS 1.3 adds to one cell as the JDK writes it: a 5-byte record header, the inner
     * content type (1), 16 zero bytes of record padding that JSSE always appends, and the
     * 16-byte AEAD tag. A 512-byte cell is a 550-byte TLS record (measured with tcpdump).
     */
    public static final int TLS_RECORD_OVERHEAD_BYTES = 38;
    /** IPv4 (20 bytes) and TCP with the timestamp option Linux uses by default (32 bytes). */
    public static final int TCP_IP_HEADER_BYTES = 52;

    /** The shape of a direct link: a peer is judged by its own pace alone. */
    public TrafficShape(boolean cover, Duration interval) {
        this(cover, interval, Duration.ZERO);
    }

    /**
     * {@code minSilence}: never take a peer for dead sooner than this, whatever its pace. Over
     * Tor circuits stall for seconds (docs/USAGE.md "Over Tor": {@code --tor-silence-timeout}).
     */
    public TrafficShape {
        if (minSilence.isNegative()) throw new IllegalArgumentException("negative minSilence");
        if (interval.compareTo(Limits.MIN_COVER_INTERVAL) < 0 || interval.compareTo(Limits.MAX_COVER_INTERVAL) > 0) {
            throw new IllegalArgumentException("cover interval out of range: " + interval);
        }
    }

    public static TrafficShape defaults() {
        return new TrafficShape(true, Limits.DEFAULT_COVER_INTERVAL);
    }

    /** What this node announces in its HELLO: its tick in milliseconds, or 0 with cover traffic off. */
    public int announcedTickMillis() {
        return cover ? (int) interval.toMillis() : 0;
    }

    /**
     * Silence after which a peer that announced {@code tickMillis} is taken for dead: 30 of its
     * ticks, or six of its keepalives when it sends no cover traffic. Each side judges the
     * other by the other's own pace, so nodes with different settings never time each other out.
     */
    public static Duration deadAfter(int peerTickMillis) {
        return peerTickMillis == 0 ? Limits.KEEPALIVE_INTERVAL.multipliedBy(6)
                : Duration.ofMillis(peerTickMillis).multipliedBy(Limits.DEAD_AFTER_SILENT_TICKS);
    }

    /** {@link #deadAfter(int)}, but never less than this node's {@code minSilence}. */
    public Duration deadAfterPeer(int peerTickMillis) {
        Duration byPace = deadAfter(peerTickMillis);
        return byPace.compareTo(minSilence) >= 0 ? byPace : minSilence;
    }

    /** Whether {@code tickMillis} from a peer's HELLO is one a node can announce. */
    public static boolean validAnnouncedTick(int tickMillis) {
        return tickMillis == 0 || (tickMillis >= Limits.MIN_COVER_INTERVAL.toMillis()
                && tickMillis <= Limits.MAX_COVER_INTERVAL.toMillis());
    }

    /** Cells per hour that one link sends in each direction when idle (with cover: always). */
    public long cellsPerHour() {
        Duration tick = cover ? interval : Limits.KEEPALIVE_INTERVAL;
        return Duration.ofHours(1).toNanos() / tick.toNanos();
    }

    /** Cell bytes per hour that one link costs in each direction when idle (with cover: always). */
    public long idleBytesPerHour() {
        return cellsPerHour() * Limits.CELL_BYTES;
    }

    /** One cell's size as an IPv4 packet: cell, TLS record overhead, TCP/IP headers. */
    public static int wireBytesPerCell() {
        return Limits.CELL_BYTES + TLS_RECORD_OVERHEAD_BYTES + TCP_IP_HEADER_BYTES;
    }

    /**
     * IP bytes per hour in each direction, the cost a network meter sees: {@link #cellsPerHour()}
     * IPv4 packets of {@link #wireBytesPerCell()} bytes. Pure TCP acknowledgements come on top
     * (52 bytes each, at most one per cell received, fewer when they ride on our own cells).
     */
    public long wireBytesPerHour() {
        return cellsPerHour() * wireBytesPerCell();
    }
}
