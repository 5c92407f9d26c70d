package dev.sesame.ui.terminal;

import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * Where one of our messages has got to: queued for some peers, confirmed by some, given up on
 * for others. Not thread-safe; confined to the UI thread.
 */
final class DeliveryState {
    private final Set<String> recipients;
    private final Set<String> delivered = new LinkedHashSet<>();
    private final Map<String, String> failed = new LinkedHashMap<>();

    /** A line still on its way to the mesh (the interface's own echo): it has no recipients yet. */
    private final boolean sending;

    DeliveryState(List<String> recipients) {
        this(recipients, false);
    }

    private DeliveryState(List<String> recipients, boolean sending) {
        this.recipients = new LinkedHashSet<>(recipients);
        this.sending = sending;
    }

    /** The state of a line drawn the moment Enter is pressed, before the mesh has taken it. */
    static DeliveryState sending() {
        return new DeliveryState(List.of(), true);
    }

    void delivered(String peer) {
        if (recipients.contains(peer)) {
            delivered.add(peer);
            failed.remove(peer);
        }
    }

    void failed(String peer, String reason) {
        if (recipients.contains(peer) && !delivered.contains(peer)) failed.put(peer, reason);
    }

    /** Recipients that have neither confirmed nor been given up on. */
    int waiting() {
        return recipients.size() - delivered.size() - failed.size();
    }

    /**
     * A short account for the end of the line. One recipient: {@code sent}, {@code delivered},
     * {@code not delivered (timeout)}. Several: {@code sent to 3}, {@code delivered 2/3,
     * waiting for dave}, {@code delivered 1/3, not to bob (timeout), waiting for dave}: who is
     * missing is on the message itself (issue 11, "Who got it").
     */
    String describe(Function<String, String> names) {
        if (sending) return "sending";
        int n = recipients.size();
        int k = delivered.size();
        if (n == 0) return "nobody linked: not sent";
        StringBuilder out = new StringBuilder();
        if (n == 1) {
            out.append(k == 1 ? "delivered" : failed.isEmpty() ? "sent" : "not delivered");
            failed.values().forEach(reason -> out.append(" (").append(reason).append(')'));
            return out.toString();
        }
        if (k == 0 && failed.isEmpty()) return "sent to " + n;
        out.append("delivered " + k + "/" + n);
        String separator = ", not to ";
        for (Map.Entry<String, String> f : failed.entrySet()) {
            out.append(separator).append(names.apply(f.getKey())).append(" (").append(f.getValue()).append(')');
            separator = ", ";
        }
        List<String> pending = recipients.stream().filter(r -> !delivered.contains(r) && !failed.containsKey(r)).toList();
        if (!pending.isEmpty()) {
            out.append(", waiting for ");
            if (pending.size() > MAX_NAMED) out.append(pending.size());
            else out.append(String.join(", ", pending.stream().map(names).toList()));
        }
        return out.toString();
    }

    private static final int MAX_NAMED = 3;
}
