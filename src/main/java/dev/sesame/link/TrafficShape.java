package dev.sesame.link;

import dev.sesame.limits.Limits;
import java.time.Duration;

/**
 * How a link paces its cells. With cover traffic on, exactly one cell leaves every
 * {@code interval}: a queued one, or padding. With it off, cells leave as soon as they are
 * queued and an idle link sends a padding cell every {@link Limits#KEEPALIVE_INTERVAL}.
 */
public record TrafficShape(boolean cover, Duration interval) {
    public TrafficShape {
        if (interval.compareTo(Limits.MIN_COVER_INTERVAL) < 0 || interval.compareTo(Limits.MAX_COVER_INTERVAL) > 0) {
            throw new IllegalArgumentException("cover interval out of range: " + interval);
        }
    }

    public static TrafficShape defaults() {
        return new TrafficShape(true, Limits.DEFAULT_COVER_INTERVAL);
    }

    /** Silence after which the other side is taken for dead. */
    public Duration deadAfter() {
        return cover ? interval.multipliedBy(Limits.DEAD_AFTER_SILENT_TICKS)
                : Limits.KEEPALIVE_INTERVAL.multipliedBy(6);
    }

    /** Wire bytes per hour that one link costs in each direction when idle. */
    public long idleBytesPerHour() {
        Duration tick = cover ? interval : Limits.KEEPALIVE_INTERVAL;
        return Duration.ofHours(1).toNanos() / tick.toNanos() * Limits.CELL_BYTES;
    }
}
