package dev.sesame.chat;

import dev.sesame.limits.Limits;
import dev.sesame.util.ReasonCode;
import java.util.HashMap;
import java.util.Map;

/**
 * Counts repeats of one kind of notice from one source, so that an interface can show one line
 * with a count ({@code (×6 in 40 s)}) instead of one line per connection. A source is a host
 * without its port: every retry comes from a new port. At most {@link Limits#MAX_NOTICE_GROUPS}
 * groups are kept; after that every new source shares one overflow group, so a flood from many
 * addresses cannot grow this map. Thread-safe.
 */
public final class RepeatCounter {
    /** How often this notice was seen from this source, and since when (epoch millis). */
    record Count(int count, long firstMillis) {}

    private static final String OVERFLOW = "(other sources)";
    private final Map<Key, Count> counts = new HashMap<>();

    /** One group: a kind of notice, a host, and its reason (a typed {@link ReasonCode} or a plain string). */
    private record Key(String kind, String host, Object reason) {}

    /** The typed reasons the mesh reports (docs/HEADLESS.md); the enum itself is the key, no code needed here. */
    Count seen(String kind, String address, ReasonCode reason, long nowMillis) {
        return count(kind, address, reason, 1, nowMillis);
    }

    /** {@code times} notices at once (the mesh reports a flood of refusals as one event with how many). */
    Count seen(String kind, String address, ReasonCode reason, int times, long nowMillis) {
        return count(kind, address, reason, times, nowMillis);
    }

    Count seen(String kind, String address, String reason, long nowMillis) {
        return count(kind, address, reason, 1, nowMillis);
    }

    private synchronized Count count(String kind, String address, Object reason, int times, long nowMillis) {
        Key key = new Key(kind, host(address), reason);
        if (!counts.containsKey(key) && counts.size() >= Limits.MAX_NOTICE_GROUPS) key = new Key(kind, OVERFLOW, reason);
        Count next = counts.merge(key, new Count(times, nowMillis), (old, more) -> new Count(old.count() + more.count(), old.firstMillis()));
        return next;
    }

    synchronized void forget() {
        counts.clear();
    }

    /** {@code 127.0.0.1:9101} → {@code 127.0.0.1}; {@code [::1]:9101} → {@code [::1]}; anything else as it is. */
    public static String host(String address) {
        int colon = address.lastIndexOf(':');
        if (colon <= 0) return address;
        if (address.startsWith("[")) {
            int close = address.indexOf(']');
            return close > 0 ? address.substring(0, close + 1) : address;
        }
        return address.indexOf(':') == colon ? address.substring(0, colon) : address;
    }
}
