package dev.sesame.mesh;

import dev.sesame.limits.Limits;
import dev.sesame.transport.PipeSource;
import dev.sesame.util.ReasonCode;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Reports the listener's refusals of incoming connections ({@code rejected}) without letting junk
 * turn every connection into an event: at most one per {@link Limits#NOISE_EVENT_INTERVAL} per
 * source and reason. The ones in between are held and reported together, with how many they
 * were, by one event when the interval is over, so nothing goes unreported and the interface's
 * count stays exact (docs/SECURITY.md §Junk connections, docs/HEADLESS.md {@code rejected}).
 * Without it 500 junk connections made thousands of events a second, and a headless node's
 * mesh thread waited on its stdout for them.
 *
 * <p>Not thread-safe: confined to the mesh loop. At most {@link Limits#MAX_NOTICE_GROUPS}
 * groups; a refusal that would need one more is reported at once, as before.
 */
final class NoiseGate {
    private final MeshLoop loop;
    private final Consumer<MeshEvent> emit;
    private final Map<Key, Group> groups = new HashMap<>();

    private record Key(PipeSource source, ReasonCode reason) {}

    private static final class Group {
        long shownNanos;
        int held;
        String lastAddress;
    }

    NoiseGate(MeshLoop loop, Consumer<MeshEvent> emit) {
        this.loop = loop;
        this.emit = emit;
    }

    /** An incoming connection from {@code source} (shown as {@code address}) was refused or dropped for {@code reason}. */
    void rejected(PipeSource source, String address, ReasonCode reason) {
        long now = loop.now();
        Key key = new Key(source, reason);
        Group group = groups.get(key);
        if (group == null) {
            if (groups.size() >= Limits.MAX_NOTICE_GROUPS) {
                emit.accept(new MeshEvent.Rejected(address, reason));
                return;
            }
            group = new Group();
            group.shownNanos = now;
            groups.put(key, group);
            emit.accept(new MeshEvent.Rejected(address, reason));
            return;
        }
        long interval = Limits.NOISE_EVENT_INTERVAL.toNanos();
        if (group.held == 0 && now - group.shownNanos >= interval) {
            group.shownNanos = now;
            emit.accept(new MeshEvent.Rejected(address, reason));
            return;
        }
        group.lastAddress = address;
        if (group.held++ == 0) {
            Group held = group;
            loop.schedule(Duration.ofNanos(Math.max(0, group.shownNanos + interval - now)), () -> flush(key, held));
        }
    }

    private void flush(Key key, Group group) {
        if (group.held == 0) return;
        emit.accept(new MeshEvent.Rejected(group.lastAddress, key.reason(), group.held));
        group.held = 0;
        group.shownNanos = loop.now();
    }

    /** Forgets groups quiet for a whole interval (the mesh's tick), so the table does not fill up for good. */
    void prune() {
        long now = loop.now();
        long interval = Limits.NOISE_EVENT_INTERVAL.toNanos();
        groups.values().removeIf(g -> g.held == 0 && now - g.shownNanos >= interval);
    }

    int groups() {
        return groups.size();
    }
}
